"""The counting minutes (biên bản kiểm phiếu) of one closed election, as a party document through the one engine:
DOCX (editable, to sign) and PDF (fixed).

Content (Quyết định 190-QĐ/TW, Art. 8 and 30; issue 7 §5): the congress, the election and its round; the
counting committee's members; the seats and the candidates; the members summoned, the ballots issued,
returned and not returned, valid and invalid (by reason); each candidate's votes and their share of the
summoned (the base of the majority); the elected, those tied at the cut-off, the seats left; and the counting
committee's signatures — the head signs on the right, every member in the table above. The committee is the one
recorded on the election when its count closed (``Election.counting_committee``), not today's.

Only a closed count has minutes (the figures are final and the database keeps them unchanged).
"""

from __future__ import annotations

from django.utils import formats as dj_formats
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hoptac.documents import formats
from hoptac.documents.engine import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from hoptac.party.minutes import PLACE, UNSIGNED

from . import selectors_elections as selectors
from .ballot_paper import ballot_object
from .choices import ElectionState
from .models import Election


class NotClosed(ValueError):
    """The count of this election is not closed: it has no minutes yet."""


def _names(candidates) -> str:
    return "; ".join(_("đồng chí %(name)s") % {"name": c.member.full_name} for c in candidates)


def _committee(election: Election) -> list[tuple[str, bool]]:
    """(name, is head) of the counting committee as recorded when the count closed, head first — the one
    designated, else the first. Counts closed before the record existed read today's committee instead."""
    if election.counting_committee:
        rows = [(str(row.get("name", "")), bool(row.get("is_head"))) for row in election.counting_committee]
    else:
        rows = [(d.member.full_name, d.is_head) for d in selectors.counting_committee(election.congress)]
    if not rows:
        return []
    head = next((i for i, (_name, is_head) in enumerate(rows) if is_head), 0)
    return [(rows[head][0], True), *((name, False) for name, _is_head in rows[:head] + rows[head + 1 :])]


def build(election: Election) -> Document:
    if election.state != ElectionState.CLOSED:
        raise NotClosed(f"election {election.pk} is not closed")
    results = selectors.election_results(election)
    congress = election.congress
    cell = congress.cell
    counters = _committee(election)
    head = counters[0][0] if counters else None
    summoned = election.summoned or 0
    closed_at = timezone.localtime(election.closed_at) if election.closed_at else None
    round_label = _("lần thứ %(round)s") % {"round": election.round}

    blocks: list = [
        Paragraph(
            _("%(congress)s, họp ngày %(day)s tại %(place)s.")
            % {
                "congress": congress.title,
                "day": dj_formats.date_format(congress.held_on, "d/m/Y"),
                "place": congress.place,
            }
        ),
        Paragraph(
            _("Cuộc bầu: %(election)s — %(round)s.")
            % {"election": election.get_kind_display(), "round": round_label},
            bold=True,
        ),
        Heading(_("I. Ban Kiểm phiếu")),
    ]
    if counters:
        blocks.append(
            BulletList(
                [
                    _("Đồng chí %(name)s — %(role)s")
                    % {"name": name, "role": _("Trưởng ban") if i == 0 else _("Ủy viên")}
                    for i, (name, _is_head) in enumerate(counters)
                ]
            )
        )
    else:
        blocks.append(Paragraph(_("Chưa ghi thành viên Ban Kiểm phiếu.")))
    invalid_lines = [
        _("%(reason)s: %(count)s phiếu") % {"reason": selectors.INVALID_REASON_LABELS[reason], "count": count}
        for reason, count in (
            (reason, results.invalid_by_reason.get(str(reason), 0))
            for reason in selectors.INVALID_REASON_LABELS
        )
        if count
    ]
    blocks += [
        Heading(_("II. Số liệu kiểm phiếu")),
        BulletList(
            [
                _("Số lượng cần bầu: %(n)s") % {"n": election.seats},
                _("Số người trong danh sách bầu cử: %(n)s") % {"n": len(results.rows)},
                _("Số đảng viên được triệu tập: %(n)s") % {"n": summoned},
                _("Số phiếu phát ra: %(n)s") % {"n": election.issued},
                _("Số phiếu thu về: %(n)s") % {"n": results.returned},
                _("Số phiếu không thu về: %(n)s") % {"n": election.not_returned},
                _("Số phiếu hợp lệ: %(n)s") % {"n": election.valid or 0},
                _("Số phiếu không hợp lệ: %(n)s") % {"n": election.invalid or 0},
            ]
        ),
    ]
    if invalid_lines:
        blocks += [Paragraph(_("Phiếu không hợp lệ theo lý do:"), italic=True), BulletList(invalid_lines)]
    blocks += [
        Heading(_("III. Số phiếu bầu cho từng người")),
        Paragraph(
            _(
                "Tỷ lệ tính trên số đảng viên được triệu tập (%(summoned)s); người trúng cử phải được trên một nửa "
                "số đó, tức ít nhất %(needed)s phiếu (Quyết định 190-QĐ/TW, Điều 30)."
            )
            % {"summoned": summoned, "needed": summoned // 2 + 1},
            italic=True,
        ),
        Table(
            header=(_("STT"), _("Họ và tên"), _("Số phiếu"), _("Tỷ lệ so với số triệu tập"), _("Kết quả")),
            rows=[
                (str(i), row.candidate.member.full_name, str(row.votes), row.percent_text, row.status_label)
                for i, row in enumerate(results.rows, start=1)
            ],
            widths=(1, 5, 2, 3, 4),
        ),
        Heading(_("IV. Kết quả")),
        Paragraph(
            _("Trúng cử (theo số phiếu từ cao xuống thấp): %(names)s.") % {"names": _names(results.elected)}
            if results.elected
            else _("Không có người trúng cử.")
        ),
    ]
    if results.tied:
        blocks.append(
            Paragraph(
                _("Bằng phiếu ở ngưỡng trúng cử: %(names)s — bầu lần tiếp theo trong số những người này.")
                % {"names": _names(results.tied)}
            )
        )
    blocks.append(Paragraph(_("Số lượng còn thiếu: %(n)s.") % {"n": results.seats_left}))
    if closed_at:
        blocks.append(
            Paragraph(
                _("Kết thúc kiểm phiếu lúc %(hour)s giờ %(minute)s ngày %(day)s.")
                % {
                    "hour": f"{closed_at.hour:02d}",
                    "minute": f"{closed_at.minute:02d}",
                    "day": dj_formats.date_format(closed_at.date(), "d/m/Y"),
                }
            )
        )
    blocks += [
        Heading(_("Chữ ký của các thành viên Ban Kiểm phiếu")),
        Table(
            header=(_("STT"), _("Họ và tên"), _("Nhiệm vụ"), _("Chữ ký")),
            rows=[
                (str(i), name, _("Trưởng ban") if i == 1 else _("Ủy viên"), "")
                for i, (name, _is_head) in enumerate(counters, start=1)
            ]
            or [("", UNSIGNED, "", "")],
            widths=(1, 5, 3, 4),
        ),
    ]
    day = closed_at.date() if closed_at else congress.held_on
    summary = _("Bầu %(object)s — %(round)s") % {"object": ballot_object(election), "round": round_label}
    return Document(
        format=formats.PARTY,
        issuer=(cell.superior_committee, cell.name),
        place=PLACE,
        date=day,
        title=_("Biên bản kiểm phiếu"),
        summary=summary,
        blocks=blocks,
        signature=Signature(
            title_lines=(_("T/M Ban Kiểm phiếu"), _("Trưởng ban")),
            name=head or UNSIGNED,
        ),
        metadata={
            "title": _("Biên bản kiểm phiếu — %(election)s") % {"election": str(election)},
            "author": cell.name,
            "subject": congress.title[:200],
        },
    )


def filename(election: Election, extension: str) -> str:
    return f"bien-ban-kiem-phieu-{slugify(election.kind)}-lan-{election.round}.{extension}"


def docx_bytes(election: Election) -> bytes:
    return render_docx(build(election))


def pdf_bytes(election: Election) -> bytes:
    return render_pdf(build(election))
