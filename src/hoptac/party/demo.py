"""Demo data of the party module: the institute's cell as in the seed article, with a year of its work.

The names are invented (the article names real people; their evaluations and fees must not be made up). The
cell, its 2022–2025 term and committee (elected on 19 August 2022), eighteen members (three probationary) and five
log-ins are built here; each part of the module adds its year through its own ``demo_<part>.load``. Idempotent:
a second run changes nothing.

Party roles need the second factor. The demo log-ins are enrolled with a fixed secret printed by ``demo_data``,
so a newcomer can add it to an authenticator app — or read the current code with
``hoptac two_factor_code <username>`` (development only).
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import transaction
from django.utils import timezone

from hoptac.accounts.models import TwoFactorDevice, User
from hoptac.core.audit import acting_as

from . import services
from .models import CommitteePosition, PartyCell, PartyMember, Term

CELL_NAME = "Chi bộ Viện Khoa học, Công nghệ và Môi trường"
SUPERIOR = "Đảng ủy Liên minh Hợp tác xã Việt Nam"

# full name, gender, born, admitted, full member (None: probationary), institute position, unit leader,
# theory level, fee basis, base salary (đồng), username (None: no log-in)
# fmt: off
MEMBERS = [
    ("Phạm Quang Huy", "male", date(1970, 4, 12), date(1996, 5, 19), date(1997, 5, 19), "Viện trưởng", True, "advanced", "salary", 18_500_000, "bithu"),
    ("Đoàn Thị Thu Hà", "female", date(1978, 9, 3), date(2004, 3, 8), date(2005, 3, 8), "Giám đốc Trung tâm Môi trường và Kiểm nghiệm chất lượng", True, "advanced", "salary", 15_200_000, "phobithu"),
    ("Vũ Đức Thắng", "male", date(1981, 1, 21), date(2008, 12, 22), date(2009, 12, 22), "Trưởng phòng Tư vấn và Chuyển giao công nghệ", True, "intermediate", "salary", 13_400_000, "chiuy"),
    ("Nguyễn Thị Minh Ngọc", "female", date(1985, 6, 30), date(2012, 2, 3), date(2013, 2, 3), "Chuyên viên chính", False, "intermediate", "salary", 11_800_000, "dangvien"),
    ("Trần Văn Khải", "male", date(1966, 11, 2), date(1990, 9, 2), date(1991, 9, 2), "Phó Viện trưởng", True, "advanced", "salary", 17_100_000, None),
    ("Lê Thị Hồng Nhung", "female", date(1988, 3, 14), date(2014, 6, 20), date(2015, 6, 20), "Kiểm nghiệm viên", False, "elementary", "salary", 10_300_000, None),
    ("Bùi Văn Toàn", "male", date(1983, 8, 8), date(2010, 10, 14), date(2011, 10, 14), "Phó Trưởng phòng Hành chính – Tổng hợp", True, "intermediate", "salary", 12_600_000, None),
    ("Hoàng Thị Lan Anh", "female", date(1990, 12, 5), date(2016, 1, 6), date(2017, 1, 6), "Chuyên viên", False, "elementary", "salary", 9_700_000, None),
    ("Đặng Quốc Bảo", "male", date(1987, 2, 27), date(2013, 7, 27), date(2014, 7, 27), "Nghiên cứu viên", False, "elementary", "salary", 10_900_000, None),
    ("Ngô Thị Thanh Tâm", "female", date(1979, 5, 19), date(2006, 11, 7), date(2007, 11, 7), "Kế toán trưởng", True, "intermediate", "salary", 12_900_000, None),
    ("Phan Minh Tuấn", "male", date(1992, 10, 10), date(2018, 3, 26), date(2019, 3, 26), "Kỹ thuật viên phân tích", False, "elementary", "salary", 9_100_000, None),
    ("Trịnh Thị Mai", "female", date(1984, 7, 1), date(2011, 9, 2), date(2012, 9, 2), "Nghiên cứu viên chính", False, "intermediate", "salary", 12_100_000, None),
    ("Đỗ Văn Lợi", "male", date(1958, 2, 2), date(1982, 3, 3), date(1983, 3, 3), "Nguyên Phó Viện trưởng (nghỉ hưu)", False, "advanced", "pension", 9_800_000, None),
    ("Lý Thị Hương", "female", date(1991, 4, 22), date(2019, 5, 19), date(2020, 5, 19), "Chuyên viên", False, "elementary", "salary", 9_400_000, None),
    ("Cao Văn Nam", "male", date(1989, 9, 9), date(2015, 12, 22), date(2016, 12, 22), "Chuyên viên", False, "elementary", "salary", 10_100_000, None),
    ("Mai Thị Ngọc Ánh", "female", date(1996, 1, 15), date(2026, 1, 20), None, "Chuyên viên", False, "", "salary", 8_200_000, "dubi"),
    ("Tạ Quang Vinh", "male", date(1995, 6, 3), date(2026, 5, 19), None, "Kỹ thuật viên", False, "", "salary", 8_000_000, None),
    ("Hà Thị Phương", "female", date(1997, 8, 28), date(2025, 12, 3), None, "Chuyên viên", False, "", "salary", 8_100_000, None),
]
# fmt: on

# The committees: term name → [(member index, position)].
COMMITTEES = {"2022–2025": [(0, "secretary"), (1, "deputy_secretary"), (2, "committee_member")]}
# The 2022–2025 term runs until the next congress (the congress demo holds it, ready to count).
TERMS = [("2022–2025", date(2022, 8, 19), None)]


def demo_secret(username: str) -> bytes:
    """A fixed secret per demo log-in, the same on every machine (demo only: anyone reading this can compute it)."""
    return hashlib.sha256(f"hoptac-demo-two-factor:{username}".encode()).digest()[:20]


def _user(username: str, full_name: str, title: str, password: str) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.full_name, user.email, user.job_title = full_name, f"{username}@vienkhcnmt.vn", title
    user.is_active = True
    user.set_password(password)
    user.save()
    device, _created = TwoFactorDevice.objects.get_or_create(
        user=user, defaults={"secret": demo_secret(username)}
    )
    if device.confirmed_at is None:
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at"])
    return user


@transaction.atomic
def load(*, password: str, today: date | None = None) -> list[tuple[User, list[str]]]:
    """Build the cell and run every part's demo; returns the party log-ins with their labels for printing."""
    today = today or timezone.localdate()
    cell, _created = PartyCell.objects.get_or_create(
        name=CELL_NAME, defaults={"superior_committee": SUPERIOR, "founded_on": date(1998, 2, 3)}
    )
    services.rules_for(cell)
    members: list[PartyMember] = []
    logins: list[tuple[User, list[str]]] = []
    for (
        full_name,
        gender,
        born,
        admitted,
        full,
        position,
        leader,
        theory,
        basis,
        base,
        username,
    ) in MEMBERS:
        member = PartyMember.objects.filter(cell=cell, full_name=full_name).first()
        if member is None:
            member = PartyMember.objects.create(
                cell=cell,
                full_name=full_name,
                gender=gender,
                date_of_birth=born,
                admitted_on=admitted,
                full_member_on=full,
                institute_position=position,
                is_unit_leader=leader,
                review_form="2A" if leader else ("2C" if basis == "pension" else "2B"),
                theory_level=theory,
                fee_basis=basis,
                fee_base_amount=base,
                card_number=f"01.{100000 + len(members) * 137:06d}",
                education="Thạc sĩ" if leader else "Đại học",
                residence_address="Hà Nội",
                residence_organisation="Chi bộ tổ dân phố nơi cư trú",
            )
        if username:
            user = _user(username, full_name, position, password)
            if member.user_id != user.pk:
                member.user = user
                member.save(update_fields=["user"])
        members.append(member)
    secretary_member = members[0]
    for name, starts, ends in TERMS:
        term, _created = Term.objects.get_or_create(
            cell=cell, name=name, defaults={"starts_on": starts, "ends_on": ends}
        )
        for index, position in COMMITTEES[name]:
            CommitteePosition.objects.get_or_create(
                term=term,
                member=members[index],
                position=position,
                defaults={
                    "starts_on": starts,
                    "ends_on": ends,
                    "decision": f"Kết quả bầu cử tại Đại hội Chi bộ nhiệm kỳ {name}",
                },
            )
    for member in members:
        services.member_sync_roles(member, today=today)
    secretary_user = secretary_member.user
    secretary_user.forget_roles()
    with acting_as(secretary_user, command="demo_data"):
        for part in _parts():
            part.load(cell=cell, members=members, secretary_user=secretary_user, today=today)
    for member in members:
        if member.user_id:
            member.user.forget_roles()
            labels = sorted(str(a.role.name) for a in member.user.role_assignments.select_related("role"))
            logins.append((member.user, [*labels, "mã 2 lớp: " + _grouped_secret(member.user.username)]))
    return logins


def _grouped_secret(username: str) -> str:
    from hoptac.accounts import totp

    return totp.grouped(demo_secret(username))


def _parts():
    """Each part's demo, in the order their data builds on each other: members' histories first, the evaluation
    last (it reads the year's meetings, study and residence feedback)."""
    from . import demo_evaluation, demo_fees, demo_meetings, demo_members, demo_study

    return [demo_members, demo_meetings, demo_study, demo_fees, demo_evaluation]
