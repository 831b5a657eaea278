"""The summoned list's pure rule (Quyết định 190-QĐ/TW, Điều 30): every category, with and without attendance."""

from __future__ import annotations

from datetime import date

import pytest

from hoptac.congress.choices import Attendance, SummonsStatus
from hoptac.congress.summoning import decide, describe
from hoptac.party.choices import MemberStatus

S = SummonsStatus
M = MemberStatus
A = Attendance

# (member status, full member?, attendance) → line status (None: not listed)
TABLE = [
    # An active full member: summoned whether present, absent without reason or not yet called.
    (M.ACTIVE, True, A.UNKNOWN, S.SUMMONED),
    (M.ACTIVE, True, A.PRESENT, S.SUMMONED),
    (M.ACTIVE, True, A.ABSENT, S.SUMMONED),
    (M.ACTIVE, True, A.ABSENT_WITH_REASON, S.ABSENT_WITH_REASON),
    # Exempted: summoned unless absent (with or without a reason).
    (M.EXEMPTED, True, A.UNKNOWN, S.SUMMONED),
    (M.EXEMPTED, True, A.PRESENT, S.SUMMONED),
    (M.EXEMPTED, True, A.ABSENT, S.EXEMPTED_ABSENT),
    (M.EXEMPTED, True, A.ABSENT_WITH_REASON, S.EXEMPTED_ABSENT),
    # Temporarily transferred, suspended: excluded whatever the attendance.
    (M.TEMPORARILY_TRANSFERRED, True, A.UNKNOWN, S.TEMPORARILY_TRANSFERRED),
    (M.TEMPORARILY_TRANSFERRED, True, A.PRESENT, S.TEMPORARILY_TRANSFERRED),
    (M.TEMPORARILY_TRANSFERRED, True, A.ABSENT_WITH_REASON, S.TEMPORARILY_TRANSFERRED),
    (M.SUSPENDED, True, A.UNKNOWN, S.SUSPENDED),
    (M.SUSPENDED, True, A.PRESENT, S.SUSPENDED),
    (M.SUSPENDED, True, A.ABSENT, S.SUSPENDED),
    # Probationary members attend, neither vote nor stand: never counted.
    (M.ACTIVE, False, A.UNKNOWN, S.PROBATIONARY),
    (M.ACTIVE, False, A.PRESENT, S.PROBATIONARY),
    (M.ACTIVE, False, A.ABSENT_WITH_REASON, S.PROBATIONARY),
    (M.EXEMPTED, False, A.ABSENT, S.PROBATIONARY),
    (M.SUSPENDED, False, A.UNKNOWN, S.PROBATIONARY),
    # Off the roll: not listed at all.
    (M.TRANSFERRED_OUT, True, A.UNKNOWN, None),
    (M.DECEASED, True, A.UNKNOWN, None),
    (M.REMOVED, True, A.UNKNOWN, None),
    (M.REMOVED, False, A.UNKNOWN, None),
    (M.TRANSFERRED_OUT, True, A.PRESENT, None),
]


@pytest.mark.parametrize(("status", "full", "attendance", "expected"), TABLE)
def test_decide(status, full, attendance, expected):
    assert decide(status, full_member=full, attendance=attendance) == expected


def test_every_summons_status_is_reached():
    reached = {row[3] for row in TABLE if row[3] is not None}
    assert reached == set(SummonsStatus.values)


@pytest.mark.parametrize(
    ("status", "attendance"), [("on_leave", ""), ("active", "late"), (None, ""), ("active", None)]
)
def test_decide_refuses_unknown_codes(status, attendance):
    with pytest.raises(ValueError):
        decide(status, full_member=True, attendance=attendance)


def test_reasons_name_the_status_date_and_document():
    since = date(2025, 3, 1)
    text = describe(
        S.TEMPORARILY_TRANSFERRED,
        member_status=M.TEMPORARILY_TRANSFERRED,
        since=since,
        document="QĐ 12-QĐ/ĐU",
    )
    assert text == "Chuyển sinh hoạt tạm thời từ ngày 01/03/2025 (QĐ 12-QĐ/ĐU)"
    assert describe(S.SUSPENDED, member_status=M.SUSPENDED).startswith("Đình chỉ sinh hoạt")
    assert (
        describe(S.EXEMPTED_ABSENT, member_status=M.EXEMPTED, absence_reason="Ốm")
        == "Miễn sinh hoạt; vắng mặt: Ốm"
    )
    assert describe(S.ABSENT_WITH_REASON, member_status=M.ACTIVE, absence_reason="Đi công tác") == (
        "Vắng mặt có lý do được chấp thuận: Đi công tác"
    )
    assert describe(S.PROBATIONARY, member_status=M.ACTIVE, admitted_on=date(2025, 1, 6)) == (
        "Đảng viên dự bị, vào Đảng ngày 06/01/2025"
    )
    assert describe(S.SUMMONED, member_status=M.ACTIVE) == ""
    assert "Miễn sinh hoạt" in describe(S.SUMMONED, member_status=M.EXEMPTED)
