"""The party personas: the cell's secretary and a member (both must pass the second factor to open anything).

Their user is linked to a :class:`~hoptac.party.models.PartyMember` of the test cell, so "my record" pages have a
record to show. Every other persona (the administrator, the institute's leader …) holds no party role and must
meet 404 on every party URL.
"""

from datetime import date

from hoptac.core.testing.personas import (
    Persona,
    register_persona,
    register_persona_setup,
    register_scope_resolver,
)

CELL_NAME = "Chi bộ Viện Khoa học, Công nghệ và Môi trường"


def cell(_key: str = "vien"):
    from hoptac.party.models import PartyCell

    found, _created = PartyCell.objects.get_or_create(
        name=CELL_NAME, defaults={"superior_committee": "Đảng ủy Cơ quan Liên minh Hợp tác xã Việt Nam"}
    )
    return found


def _member_record(full_name: str, *, admitted: date, full: date | None, born: date, gender: str):
    def setup(user):
        from hoptac.party.models import PartyMember

        PartyMember.objects.create(
            cell=cell(),
            user=user,
            full_name=full_name,
            date_of_birth=born,
            gender=gender,
            admitted_on=admitted,
            full_member_on=full,
            fee_base_amount=12_000_000,
        )

    return setup


register_scope_resolver("party_cell", cell)
register_persona(
    Persona(
        "party_secretary",
        "Nguyễn Thị Bí Thư",
        (("cell_secretary", "party_cell:vien"), ("party_member", "party_cell:vien")),
    )
)
register_persona_setup(
    "party_secretary",
    _member_record(
        "Nguyễn Thị Bí Thư",
        admitted=date(2001, 5, 19),
        full=date(2002, 5, 19),
        born=date(1975, 3, 2),
        gender="female",
    ),
)
register_persona(Persona("party_member", "Trần Văn Đảng Viên", (("party_member", "party_cell:vien"),)))
register_persona_setup(
    "party_member",
    _member_record(
        "Trần Văn Đảng Viên",
        admitted=date(2015, 2, 3),
        full=date(2016, 2, 3),
        born=date(1988, 7, 14),
        gender="male",
    ),
)
