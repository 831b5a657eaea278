"""The house formats as data: state documents (Nghị định 30/2020/NĐ-CP) and party documents (Hướng dẫn 36-HD/VPTW).

Every figure names its source. "documents.md" is shared/domain/documents.md, the project's record of the two
regulations. Where it gives a range, the value chosen inside the range is said; where it is silent, the value is
marked ``CHOSEN`` with the reason, so that a reviewer holding the regulation's text can check it in one place.

Both renderers (``engine.render_pdf`` through ``templates/documents/format.css`` and ``engine.render_docx``) read
only these objects: a figure changed here changes both outputs.

The fixed texts below (Quốc hiệu, Tiêu ngữ, "Nơi nhận:", "Số") are words the regulations prescribe; they are not
user interface and are never translated.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Literal

Align = Literal["left", "center", "right", "justify"]

# Debian's fonts-liberation2 (2.x): metric-compatible with Times New Roman and, unlike fonts-liberation 1.07,
# has the Vietnamese letters (documents.md, "State administrative documents": Times New Roman is not on Linux
# servers; use Liberation Serif 2.x and test the fonts actually embedded).
BODY_FONT = "Liberation Serif"

# A4 portrait (documents.md: "Page: A4 portrait" for state documents; "A4" for party documents).
A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0


@dataclass(frozen=True)
class TextStyle:
    """How one kind of line is set: size in points, weight, slant, capitals, underline, alignment."""

    size_pt: float
    bold: bool = False
    italic: bool = False
    upper: bool = False
    underline: bool = False
    align: Align = "center"

    def apply(self, text: str) -> str:
        """The text as printed (capitals are applied to the data, so DOCX and PDF print the same letters)."""
        return text.upper() if self.upper else text


@dataclass(frozen=True)
class HouseFormat:
    """One house format. ``styles`` maps a line kind to its ``TextStyle``; the keys are the same in every format."""

    code: str
    name: str
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    body_size_pt: float
    line_spacing: float  # a multiple of single spacing
    paragraph_space_after_pt: float
    first_line_indent_mm: float
    # The heading block on the right: the national (or party) heading, then the motto (state only).
    heading_lines: tuple[tuple[str, str], ...]  # (text, style key)
    # What stands under the issuing body: "rule" (a short line) or a text mark such as "*".
    issuer_mark: str
    issuer_rule_ratio: float  # length of the short rule as a fraction of the header column (when a rule)
    number_prefix: str
    # Header columns: (left, right) as fractions of the text width.
    header_columns: tuple[float, float]
    page_numbers: bool
    page_numbers_on_first_page: bool
    recipients_label: str
    styles: dict[str, TextStyle] = field(default_factory=dict)
    font_family: str = BODY_FONT
    page_width_mm: float = A4_WIDTH_MM
    page_height_mm: float = A4_HEIGHT_MM

    def style(self, key: str) -> TextStyle:
        return self.styles[key]

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


def _styles(**overrides: TextStyle) -> dict[str, TextStyle]:
    return overrides


STATE = HouseFormat(
    code="state",
    name="Nghị định 30/2020/NĐ-CP",
    # documents.md: margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm — the lower bound of each range,
    # which gives the widest text block (the header's two columns need it for the Quốc hiệu on one line).
    margin_top_mm=20,
    margin_bottom_mm=20,
    margin_left_mm=30,
    margin_right_mm=15,
    # documents.md: body 13–14 pt — 14 pt chosen (the size most ministries use).
    body_size_pt=14,
    # documents.md: line spacing single to 1.5 — 1.15 chosen (compact, still inside the range).
    line_spacing=1.15,
    # documents.md: paragraph spacing ≥ 6 pt — the minimum.
    paragraph_space_after_pt=6,
    # CHOSEN: documents.md is silent on the first-line indent; 10 mm (ND 30's appendix reads 1–1.27 cm).
    first_line_indent_mm=10,
    heading_lines=(
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "national"),
        ("Độc lập - Tự do - Hạnh phúc", "motto"),
    ),
    # CHOSEN: documents.md is silent on the line under the issuing body; ND 30 draws a short solid rule
    # (1/3 to 1/2 of the line above) — a third of the header column here.
    issuer_mark="rule",
    issuer_rule_ratio=1 / 3,
    number_prefix="Số: ",  # documents.md: "Số: 12/BC-VKHCNMT"
    header_columns=(0.38, 0.62),  # CHOSEN: the Quốc hiệu (12 pt bold capitals) fits on one line in 62 %.
    # documents.md: page numbers 13–14 pt centred in the top margin, not on page 1.
    page_numbers=True,
    page_numbers_on_first_page=False,
    recipients_label="Nơi nhận:",  # documents.md: recipients (Nơi nhận:)
    styles=_styles(
        # documents.md: Quốc hiệu capitals 12–13 pt bold — 12 pt chosen so it stays on one line.
        national=TextStyle(12, bold=True, upper=True),
        # documents.md: Tiêu ngữ 13–14 pt bold, underlined by a line — 13 pt; the line is an underline of the
        # text, as long as the text (ND 30: the rule under the motto is as long as the motto).
        motto=TextStyle(13, bold=True, underline=True),
        # documents.md: parent body capitals 12–13 pt upright; issuing body capitals 12–13 pt bold — 12 pt.
        parent=TextStyle(12, upper=True),
        issuer=TextStyle(12, bold=True, upper=True),
        issuer_mark=TextStyle(12),
        number=TextStyle(13),  # documents.md: number/symbol 13 pt
        place_date=TextStyle(14, italic=True),  # documents.md: place and date 13–14 pt italic — 14 pt
        doc_type=TextStyle(14, bold=True, upper=True),  # documents.md: document type capitals 13–14 pt bold
        summary=TextStyle(14, bold=True),  # documents.md: summary 13–14 pt bold
        body=TextStyle(14, align="justify"),  # documents.md: body 13–14 pt
        # CHOSEN (documents.md silent): headings inside the body are body-size bold; tables one size smaller.
        heading1=TextStyle(14, bold=True, align="left"),
        heading2=TextStyle(14, bold=True, italic=True, align="left"),
        table=TextStyle(13, align="left"),
        table_header=TextStyle(13, bold=True),
        # CHOSEN (documents.md silent): wide tables (a test report's eight columns) at 11 pt, so a method
        # reference or a parameter's name keeps to one or two lines.
        table_small=TextStyle(11, align="left"),
        table_small_header=TextStyle(11, bold=True),
        # CHOSEN (documents.md names the parts but not their sizes): signer's authority and title 14 pt bold
        # capitals, name 14 pt bold; "Nơi nhận:" 12 pt bold italic, the list 11 pt — ND 30's usual setting.
        signature_title=TextStyle(14, bold=True, upper=True),
        signer=TextStyle(14, bold=True),
        signature_note=TextStyle(14, italic=True),
        recipients_label=TextStyle(12, bold=True, italic=True, align="left"),
        recipients=TextStyle(11, align="left"),
        page_number=TextStyle(13),  # documents.md: page numbers 13–14 pt — 13 pt
        footer=TextStyle(10, align="left"),  # CHOSEN: a verification line, small, outside the text
    ),
)

PARTY = HouseFormat(
    code="party",
    name="Hướng dẫn 36-HD/VPTW",
    # CHOSEN: documents.md gives only "A4" for party documents; the state margins are used (HD 36 sets the same
    # ranges as far as we know — to be checked against the text).
    margin_top_mm=20,
    margin_bottom_mm=20,
    margin_left_mm=30,
    margin_right_mm=15,
    # CHOSEN: documents.md is silent on party type sizes; HD 36 is read as body 14–15 pt — 14 pt.
    body_size_pt=14,
    line_spacing=1.15,  # CHOSEN: as the state format
    paragraph_space_after_pt=6,  # CHOSEN: as the state format
    first_line_indent_mm=10,  # CHOSEN: as the state format
    # documents.md: header "ĐẢNG CỘNG SẢN VIỆT NAM" top-right (underlined); party documents never use the state
    # Quốc hiệu.
    heading_lines=(("ĐẢNG CỘNG SẢN VIỆT NAM", "national"),),
    # documents.md: the issuing body top-left with the superior body above it and a "*" mark under it.
    issuer_mark="*",
    issuer_rule_ratio=0,
    # CHOSEN: documents.md says number/symbol "as in state documents"; HD 36's own samples write the party
    # number without a colon ("Số 25-BC/CB"), which is followed here. The caller gives "25-BC/CB".
    number_prefix="Số ",
    header_columns=(0.45, 0.55),  # CHOSEN: the party heading is shorter than the Quốc hiệu
    page_numbers=True,  # CHOSEN: as the state format (documents.md silent)
    page_numbers_on_first_page=False,
    recipients_label="Nơi nhận:",  # documents.md: "as in state documents"
    styles=_styles(
        # CHOSEN (documents.md: underlined; size silent): 15 pt bold capitals, HD 36's reading.
        national=TextStyle(15, bold=True, upper=True, underline=True),
        motto=TextStyle(13, bold=True),  # unused: party documents have no motto
        # CHOSEN (documents.md silent on sizes): superior body 14 pt upright capitals, issuing body 14 pt bold.
        parent=TextStyle(14, upper=True),
        issuer=TextStyle(14, bold=True, upper=True),
        issuer_mark=TextStyle(14),
        number=TextStyle(
            14
        ),  # CHOSEN: 14 pt (documents.md: "as in state documents", i.e. 13 pt is allowed too)
        place_date=TextStyle(14, italic=True),  # documents.md: as in state documents (13–14 pt italic)
        # CHOSEN: document type 16 pt bold capitals, summary 14 pt bold (documents.md silent for party).
        doc_type=TextStyle(16, bold=True, upper=True),
        summary=TextStyle(14, bold=True),
        body=TextStyle(14, align="justify"),
        heading1=TextStyle(14, bold=True, align="left"),
        heading2=TextStyle(14, bold=True, italic=True, align="left"),
        table=TextStyle(13, align="left"),
        table_header=TextStyle(13, bold=True),
        table_small=TextStyle(11, align="left"),  # CHOSEN: as the state format
        table_small_header=TextStyle(11, bold=True),
        signature_title=TextStyle(14, bold=True, upper=True),
        signer=TextStyle(14, bold=True),
        signature_note=TextStyle(14, italic=True),
        recipients_label=TextStyle(14, underline=True, align="left"),  # CHOSEN: HD 36 underlines "Nơi nhận:"
        recipients=TextStyle(12, align="left"),
        page_number=TextStyle(14),
        footer=TextStyle(10, align="left"),
    ),
)

# The state format at the lower bound of each range documents.md allows, for dense fixed documents that should
# keep to one page (a lab test report with a results table of six to eight parameters): body 13 pt (documents.md:
# body 13–14 pt) and single line spacing (documents.md: single to 1.5). Everything else is the state format's.
STATE_COMPACT = replace(
    STATE,
    code="state-compact",
    body_size_pt=13,
    line_spacing=1.0,
    styles={
        **STATE.styles,
        "body": TextStyle(13, align="justify"),
        "heading1": TextStyle(13, bold=True, align="left"),
        "heading2": TextStyle(13, bold=True, italic=True, align="left"),
        # documents.md: document type and summary 13–14 pt bold — 13 pt, as the body.
        "doc_type": TextStyle(13, bold=True, upper=True),
        "summary": TextStyle(13, bold=True),
        # CHOSEN (documents.md silent): the signer's lines as the body, 13 pt.
        "signature_title": TextStyle(13, bold=True, upper=True),
        "signer": TextStyle(13, bold=True),
        "signature_note": TextStyle(13, italic=True),
    },
)

FORMATS: dict[str, HouseFormat] = {STATE.code: STATE, PARTY.code: PARTY, STATE_COMPACT.code: STATE_COMPACT}


def format_place_date(place: str, date: datetime.date) -> str:
    """``"Hà Nội, ngày 27 tháng 11 năm 2026"``.

    Days below 10 and the months 1 and 2 take a leading zero ("ngày 05 tháng 02 năm 2026"): ND 30, Appendix I
    (documents.md gives only the example "ngày 19 tháng 8"; the zero rule keeps "tháng 1" from being read as
    the start of "tháng 10"–"tháng 12" on a handwritten amendment). Party documents follow the same rule.
    """
    if not place or not place.strip():
        raise ValueError("format_place_date: the place is empty")
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place.strip()}, ngày {day} tháng {month} năm {date.year}"
