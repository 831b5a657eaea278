"""Who is summoned to a cell congress (Quyết định 190-QĐ/TW, Điều 30): one member's line, decided from plain data.

:func:`decide` takes the member's status on the congress date (``party.choices.MemberStatus`` codes), whether
they are a full member on that date, and their attendance (``congress.choices.Attendance`` codes, "" before the
roll call), and returns the line's :class:`~hoptac.congress.choices.SummonsStatus` code — or None when the
member is not listed at all (transferred out, deceased, struck off). No database: the services read the
statuses and call this; the table tests cover every category.

The order of the checks is the order of Điều 30's exclusions:

1. Off the roll → not listed.
2. Not a full member on the congress date → ``probationary`` (attends, neither votes nor stands; never counted).
3. Temporarily transferred elsewhere → excluded, whatever the attendance (they are counted where they are).
4. Suspended or under prosecution → excluded, whatever the attendance.
5. Exempted (miễn sinh hoạt) → summoned, unless absent (with or without a reason) → ``exempted_absent``.
6. Otherwise: absent with an approved reason → excluded (``absent_with_reason``); present, absent without a
   reason or not yet called → summoned (an absence without reason does not lower the count: Điều 30 lists
   only approved absences).
"""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import gettext

from hoptac.party.choices import OFF_ROLL, MemberStatus

from .choices import Attendance, SummonsStatus

ABSENT = frozenset({Attendance.ABSENT, Attendance.ABSENT_WITH_REASON})
# Lines that count towards the summoned total (elections need more than half of it).
COUNTED = frozenset({SummonsStatus.SUMMONED})
# Lines left out of the count, each for its reason (the categories shown apart on the roll call).
EXCLUDED = (
    SummonsStatus.TEMPORARILY_TRANSFERRED,
    SummonsStatus.EXEMPTED_ABSENT,
    SummonsStatus.SUSPENDED,
    SummonsStatus.ABSENT_WITH_REASON,
)


def decide(member_status: str, *, full_member: bool, attendance: str = "") -> str | None:
    """The line's status for a member with ``member_status`` on the congress date, or None (not listed)."""
    if member_status not in MemberStatus.values:
        raise ValueError(f"unknown member status: {member_status!r}")
    if attendance not in Attendance.values:
        raise ValueError(f"unknown attendance: {attendance!r}")
    if member_status in OFF_ROLL:
        return None
    if not full_member:
        return SummonsStatus.PROBATIONARY
    if member_status == MemberStatus.TEMPORARILY_TRANSFERRED:
        return SummonsStatus.TEMPORARILY_TRANSFERRED
    if member_status == MemberStatus.SUSPENDED:
        return SummonsStatus.SUSPENDED
    if member_status == MemberStatus.EXEMPTED:
        return SummonsStatus.EXEMPTED_ABSENT if attendance in ABSENT else SummonsStatus.SUMMONED
    if attendance == Attendance.ABSENT_WITH_REASON:
        return SummonsStatus.ABSENT_WITH_REASON
    return SummonsStatus.SUMMONED


def _day(value: date | None) -> str:
    return formats.date_format(value, "d/m/Y") if value else ""


def describe(
    status: str,
    *,
    member_status: str,
    since: date | None = None,
    document: str = "",
    admitted_on: date | None = None,
    absence_reason: str = "",
) -> str:
    """The reason written on the line (Vietnamese), naming the status's date and document where known."""

    def with_source(text: str) -> str:
        if since:
            text = gettext("%(text)s từ ngày %(day)s") % {"text": text, "day": _day(since)}
        if document:
            text = gettext("%(text)s (%(document)s)") % {"text": text, "document": document}
        return text

    if status == SummonsStatus.PROBATIONARY:
        if admitted_on:
            return gettext("Đảng viên dự bị, vào Đảng ngày %(day)s") % {"day": _day(admitted_on)}
        return gettext("Đảng viên dự bị")
    if status == SummonsStatus.TEMPORARILY_TRANSFERRED:
        return with_source(gettext("Chuyển sinh hoạt tạm thời"))
    if status == SummonsStatus.SUSPENDED:
        return with_source(gettext("Đình chỉ sinh hoạt / bị truy tố"))
    if status == SummonsStatus.EXEMPTED_ABSENT:
        text = with_source(gettext("Miễn sinh hoạt"))
        if absence_reason:
            return gettext("%(text)s; vắng mặt: %(reason)s") % {"text": text, "reason": absence_reason}
        return gettext("%(text)s; vắng mặt") % {"text": text}
    if status == SummonsStatus.ABSENT_WITH_REASON:
        return gettext("Vắng mặt có lý do được chấp thuận: %(reason)s") % {"reason": absence_reason}
    if member_status == MemberStatus.EXEMPTED:
        return with_source(gettext("Miễn sinh hoạt; vẫn tính vì không vắng mặt"))
    return ""
