"""The printable ballot paper (phiếu bầu cử) of one election, as a party document through the one engine (PDF).

What it prints (Quyết định 190-QĐ/TW, Art. 15 and issue 7 §3): the party heading, the cell and its superior, the
ballot's title ("PHIẾU BẦU CỬ CHI ỦY CHI BỘ … NHIỆM KỲ …") with the congress and the round, how many to elect,
the instructions of the ballot's style, the candidates in ballot order — a numbered list to cross names out on
(``strike``: the list has a surplus) or a table with "Đồng ý" / "Không đồng ý" columns (``agree``: no surplus)
— and a framed place for the counting committee's stamp (a ballot without it is invalid). Nobody signs a ballot.

The names are those on the list when the vote opened (their positions are then frozen); a withdrawn name is
off the ballot.
"""

from __future__ import annotations

from django.utils import formats as dj_formats
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hoptac.documents import formats
from hoptac.documents.engine import Box, Document, Paragraph, Table, render_pdf
from hoptac.party.minutes import PLACE

from . import rules
from . import selectors_elections as selectors
from .choices import ElectionKind
from .models import Election

STAMP_LABEL = "Dấu của Ban Kiểm phiếu"


def ballot_object(election: Election) -> str:
    """What the ballot elects, as the title says it: "chi ủy Chi bộ X nhiệm kỳ Y" …"""
    congress = election.congress
    cell, term = congress.cell.name, congress.term.name
    return {
        ElectionKind.COMMITTEE: _("chi ủy %(cell)s nhiệm kỳ %(term)s"),
        ElectionKind.SECRETARY: _("bí thư %(cell)s nhiệm kỳ %(term)s"),
        ElectionKind.DEPUTY_SECRETARY: _("phó bí thư %(cell)s nhiệm kỳ %(term)s"),
        ElectionKind.DELEGATES: _("đại biểu %(cell)s dự đại hội đảng bộ cấp trên"),
    }[ElectionKind(election.kind)] % {"cell": cell, "term": term}


def round_text(election: Election) -> str:
    return _("Bầu lần thứ %(round)s") % {"round": election.round} if election.round > 1 else ""


def instructions(style: str, seats: int, count: int) -> list[str]:
    """How to mark the ballot, in the words of its style."""
    if style == rules.BallotStyle.STRIKE:
        return [
            _(
                "Cách bầu: giữ nguyên họ tên những người mình bầu; gạch ngang cả họ và tên những người mình "
                "không bầu. Giữ lại nhiều nhất %(seats)s người."
            )
            % {"seats": seats},
            _(
                "Phiếu không hợp lệ: phiếu không có dấu của Ban Kiểm phiếu; giữ lại quá %(seats)s người; gạch "
                "tên tất cả những người trong danh sách; ghi thêm tên người ngoài danh sách."
            )
            % {"seats": seats},
        ]
    return [
        _(
            "Cách bầu: với mỗi người trong danh sách, đánh dấu (X) vào một trong hai ô “Đồng ý” hoặc “Không "
            "đồng ý”. Người được đánh dấu cả hai ô hoặc không được đánh dấu ô nào thì không được tính phiếu."
        ),
        _(
            "Phiếu không hợp lệ: phiếu không có dấu của Ban Kiểm phiếu; đồng ý quá %(seats)s người; ghi thêm "
            "tên người ngoài danh sách."
        )
        % {"seats": seats},
    ]


def build(election: Election) -> Document:
    """The ballot paper of an election whose vote is open (or closed): its list is frozen."""
    congress = election.congress
    cell = congress.cell
    names = [c.member.full_name for c in selectors.on_ballot(election)]
    style = election.style or str(rules.ballot_style(election.seats, max(len(names), 1)))
    summary = congress.title + (f" — {round_text(election)}" if election.round > 1 else "")
    blocks: list = [
        Paragraph(
            _("Số lượng cần bầu: %(seats)s đồng chí. Số người trong danh sách: %(count)s đồng chí.")
            % {"seats": election.seats, "count": len(names)},
            bold=True,
        ),
        *(Paragraph(text, italic=True) for text in instructions(style, election.seats, len(names))),
    ]
    if style == rules.BallotStyle.STRIKE:
        blocks.append(
            Table(
                header=(_("STT"), _("Họ và tên")),
                rows=[(str(i), name) for i, name in enumerate(names, start=1)],
                widths=(1, 9),
            )
        )
    else:
        blocks.append(
            Table(
                header=(_("STT"), _("Họ và tên"), _("Đồng ý"), _("Không đồng ý")),
                rows=[(str(i), name, "", "") for i, name in enumerate(names, start=1)],
                widths=(1, 6, 2, 2),
            )
        )
    blocks.append(
        Box(lines=(STAMP_LABEL, _("(phiếu không có dấu là phiếu không hợp lệ)")), height_mm=32, width=0.45)
    )
    title = _("Phiếu bầu cử %(object)s") % {"object": ballot_object(election)}
    return Document(
        format=formats.PARTY,
        issuer=(cell.superior_committee, cell.name),
        place=PLACE,
        date=congress.held_on,
        title=title,
        summary=summary,
        blocks=blocks,
        signature=None,
        metadata={
            "title": title[:200],
            "author": cell.name,
            "subject": f"{election} — {dj_formats.date_format(congress.held_on, 'd/m/Y')}",
        },
    )


def filename(election: Election) -> str:
    return f"phieu-bau-{slugify(election.kind)}-lan-{election.round}.pdf"


def pdf_bytes(election: Election) -> bytes:
    return render_pdf(build(election))
