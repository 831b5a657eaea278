"""The minutes of a cell meeting (biên bản sinh hoạt chi bộ) as a party document (Hướng dẫn 36-HD/VPTW),
through the one document engine: one data context, DOCX (editable, to sign) and PDF (fixed).

The content follows party-rules.md §3 (Hướng dẫn 12-HD/BTCTW): time and place; the totals of members (full,
probationary, exempted, temporarily transferred — frozen when the minutes are closed); present; absent with and
without reason, by name; chair, minute-taker, guests; each agenda item with the speakers' opinions;
conclusions and resolutions with their vote counts; the quorum; follow-up tasks; minutes read out; the meeting's
quality. The chair signs on the right, the minute-taker on the left.
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

from .choices import ConclusionKind
from .models import Meeting
from .selectors_meetings import RollSummary

# The institute's cell meets in Hà Nội (the document's place line; the cell has no address of its own).
PLACE = "Hà Nội"
UNSIGNED = "……………………"


def _time(value) -> str:
    local = timezone.localtime(value)
    return _("%(hour)s giờ %(minute)s ngày %(day)s") % {
        "hour": f"{local.hour:02d}",
        "minute": f"{local.minute:02d}",
        "day": dj_formats.date_format(local.date(), "d/m/Y"),
    }


def _names(rows, *, with_reason: bool = False) -> str:
    parts = []
    for row in rows:
        name = _("đồng chí %(name)s") % {"name": row.member.full_name}
        if with_reason and row.reason:
            name = f"{name} ({row.reason})"
        parts.append(name)
    return "; ".join(parts)


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def quorum_sentence(roll: RollSummary) -> str:
    q = roll.quorum
    if q is None:
        return _("Chưa điểm danh.")
    if q.met:
        return _(
            "Số đảng viên có mặt: %(present)s/%(base)s đồng chí phải dự — đủ điều kiện tiến hành sinh hoạt "
            "(cần ít nhất %(needed)s)."
        ) % {"present": q.present, "base": q.base, "needed": q.needed}
    return _(
        "Số đảng viên có mặt: %(present)s/%(base)s đồng chí phải dự — KHÔNG đủ số lượng để tiến hành sinh hoạt "
        "(cần ít nhất %(needed)s)."
    ) % {"present": q.present, "base": q.base, "needed": q.needed}


def vote_sentence(conclusion) -> str:
    if conclusion.votes_for is None:
        return ""
    return _("Biểu quyết: tán thành %(for)s; không tán thành %(against)s; ý kiến khác %(other)s.") % {
        "for": conclusion.votes_for,
        "against": conclusion.votes_against or 0,
        "other": conclusion.votes_abstain or 0,
    }


def build(meeting: Meeting, roll: RollSummary) -> Document:
    """The minutes' data context (``meeting`` from ``selectors_meetings.meeting_get``, its roll from
    ``meeting_roll``)."""
    cell = meeting.cell
    totals = roll.totals
    blocks: list = [
        Heading(_("I. Thời gian, địa điểm, thành phần")),
        Paragraph(
            _("Thời gian: bắt đầu lúc %(start)s%(end)s.")
            % {
                "start": _time(meeting.starts_at),
                "end": (_(", kết thúc lúc %(end)s") % {"end": _time(meeting.ends_at)})
                if meeting.ends_at
                else "",
            }
        ),
        Paragraph(_("Địa điểm: %(place)s.") % {"place": meeting.place}),
        Paragraph(
            _(
                "Tổng số đảng viên của chi bộ: %(total)s đồng chí (chính thức: %(full)s; dự bị: %(prob)s), "
                "trong đó miễn sinh hoạt: %(exempted)s; chuyển sinh hoạt tạm thời: %(transferred)s."
            )
            % {
                "total": totals.get("full", 0) + totals.get("probationary", 0),
                "full": totals.get("full", 0),
                "prob": totals.get("probationary", 0),
                "exempted": totals.get("exempted", 0),
                "transferred": totals.get("transferred", 0),
            }
        ),
        Paragraph(_("Có mặt: %(present)s đồng chí.") % {"present": roll.present}),
        Paragraph(
            _("Vắng có lý do: %(count)s đồng chí%(names)s.")
            % {
                "count": len(roll.absent_with_reason),
                "names": (": " + _names(roll.absent_with_reason, with_reason=True))
                if roll.absent_with_reason
                else "",
            }
        ),
        Paragraph(
            _("Vắng không lý do: %(count)s đồng chí%(names)s.")
            % {
                "count": len(roll.absent_without_reason),
                "names": (": " + _names(roll.absent_without_reason)) if roll.absent_without_reason else "",
            }
        ),
        Paragraph(quorum_sentence(roll), bold=roll.quorum is not None and not roll.quorum.met),
        Paragraph(
            _("Chủ trì: đồng chí %(chair)s. Thư ký: đồng chí %(taker)s.")
            % {
                "chair": meeting.chair.full_name if meeting.chair else UNSIGNED,
                "taker": meeting.minute_taker.full_name if meeting.minute_taker else UNSIGNED,
            }
        ),
        Paragraph(_("Khách mời: %(guests)s.") % {"guests": meeting.guests or _("không có")}),
        Heading(_("II. Nội dung sinh hoạt")),
        *_paragraphs(meeting.summary),
    ]
    for index, item in enumerate(meeting.agenda.all(), start=1):
        blocks.append(Heading(f"{index}. {item.title}", level=2))
        if item.presenter:
            blocks.append(
                Paragraph(_("Trình bày: đồng chí %(name)s.") % {"name": item.presenter}, italic=True)
            )
        if item.discussion.strip():
            blocks.append(Paragraph(_("Ý kiến phát biểu:")))
            blocks.extend(_paragraphs(item.discussion))
    conclusions = list(meeting.conclusions.all())
    blocks.append(Heading(_("III. Kết luận, nghị quyết")))
    if not conclusions:
        blocks.append(Paragraph(_("Không có.")))
    for index, conclusion in enumerate(conclusions, start=1):
        label = _("Nghị quyết") if conclusion.kind == ConclusionKind.RESOLUTION else _("Kết luận")
        blocks.append(Paragraph(f"{index}. {label}: {conclusion.text}"))
        if conclusion.votes_for is not None:
            blocks.append(Paragraph(vote_sentence(conclusion), italic=True))
    tasks = list(meeting.tasks.all())
    if tasks:
        blocks.append(Heading(_("IV. Công việc sau sinh hoạt")))
        blocks.append(
            Table(
                header=(_("STT"), _("Công việc"), _("Người phụ trách"), _("Hạn hoàn thành")),
                rows=[
                    (str(i), t.title, t.owner.full_name, dj_formats.date_format(t.due_on, "d/m/Y"))
                    for i, t in enumerate(tasks, start=1)
                ],
                widths=(1, 6, 4, 3),
            )
        )
    blocks.append(
        Heading(
            _("V. Đánh giá chất lượng buổi sinh hoạt")
            if tasks
            else _("IV. Đánh giá chất lượng buổi sinh hoạt")
        )
    )
    blocks.append(
        Paragraph(
            _("Chi bộ tự đánh giá chất lượng buổi sinh hoạt: %(quality)s.")
            % {"quality": meeting.get_quality_display() if meeting.quality else _("chưa đánh giá")}
        )
    )
    blocks.append(
        BulletList(
            [
                _("Biên bản đã được đọc lại cho các đảng viên dự họp nghe và nhất trí thông qua.")
                if meeting.minutes_read_out
                else _("Biên bản chưa được đọc lại trước khi bế mạc.")
            ]
        )
    )
    if meeting.ends_at:
        blocks.append(Paragraph(_("Buổi sinh hoạt kết thúc lúc %(end)s.") % {"end": _time(meeting.ends_at)}))
    day = timezone.localdate(meeting.starts_at)
    return Document(
        format=formats.PARTY,
        issuer=(cell.superior_committee, cell.name),
        place=PLACE,
        date=day,
        title=_("Biên bản sinh hoạt chi bộ"),
        summary=f"{meeting.get_kind_display()}: {meeting.title}",
        blocks=blocks,
        signature=Signature(
            title_lines=(_("Chủ trì"),), name=meeting.chair.full_name if meeting.chair else UNSIGNED
        ),
        cosignature=Signature(
            title_lines=(_("Thư ký"),),
            name=meeting.minute_taker.full_name if meeting.minute_taker else UNSIGNED,
        ),
        metadata={
            "title": _("Biên bản sinh hoạt chi bộ ngày %(day)s")
            % {"day": dj_formats.date_format(day, "d/m/Y")},
            "author": cell.name,
            "subject": meeting.title[:200],
        },
    )


def filename(meeting: Meeting, extension: str) -> str:
    day = timezone.localdate(meeting.starts_at)
    return f"bien-ban-sinh-hoat-{day:%Y-%m-%d}-{slugify(meeting.get_kind_display())}.{extension}"


def docx_bytes(meeting: Meeting, roll: RollSummary) -> bytes:
    return render_docx(build(meeting, roll))


def pdf_bytes(meeting: Meeting, roll: RollSummary) -> bytes:
    return render_pdf(build(meeting, roll))
