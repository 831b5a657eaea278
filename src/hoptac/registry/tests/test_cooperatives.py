"""Cooperative records: constraints, scope, stale edits, search without diacritics, keyset pages, export."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from hoptac.core.errors import DomainError, StaleObjectError
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.places.models import Province
from hoptac.registry import services
from hoptac.registry.choices import LegalForm, Sector, Status
from hoptac.registry.models import Cooperative

from .factories import CooperativeFactory, valid_tax_code

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "legal_form": "cooperative",
        "name": "Hợp tác xã Cà phê Ea Tu",
        "short_name": "HTX Ea Tu",
        "tax_code": "6000000018",
        "registration_date": "15/03/2019",
        "province": Province.objects.get(code="66").pk,
        "commune": "",
        "address": "Thôn 3, xã Ea Tu, TP. Buôn Ma Thuột",
        "sectors": ["agriculture", "trade"],
        "member_count": "42",
        "charter_capital": "1500000000",
        "representative": "Y Bih Niê",
        "phone": "0905 123 456",
        "email": "htxeatu@gmail.com",
        "status": "active",
        "certifications": ["vietgap"],
        "notes": "",
    }
    data.update(overrides)
    return data


# --- the database refuses what clean() refuses ------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"legal_form": LegalForm.COOPERATIVE, "tax_code": None},  # a cooperative needs a tax code
        {"legal_form": LegalForm.COOPERATIVE, "member_count": 4},  # at least 5 members
        {"legal_form": LegalForm.UNION, "member_count": 2},  # at least 3 member cooperatives
        {"legal_form": LegalForm.GROUP, "tax_code": None, "member_count": 1},  # at least 2 members
        {"tax_code": "0100233488-1"},  # malformed
        {"charter_capital": -1},
        {"name": ""},
    ],
)
def test_database_constraints_hold_even_without_clean(fields):
    base = {
        "name": "HTX Thử",
        "tax_code": valid_tax_code(),
        "province": Province.objects.get(code="66"),
        "member_count": 10,
    }
    base.update(fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Cooperative.objects.create(**base)


def test_tax_code_is_unique_and_groups_without_one_are_keyed_by_name_and_province():
    CooperativeFactory(tax_code="6000000018")
    with pytest.raises(IntegrityError), transaction.atomic():
        CooperativeFactory(tax_code="6000000018")
    daklak = Province.objects.get(code="66")
    Cooperative.objects.create(
        name="Tổ hợp tác Dệt thổ cẩm Buôn Đôn", legal_form=LegalForm.GROUP, province=daklak, member_count=7
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Cooperative.objects.create(
            name="TỔ HỢP TÁC DỆT THỔ CẨM BUÔN ĐÔN",
            legal_form=LegalForm.GROUP,
            province=daklak,
            member_count=3,
        )


# --- screens ---------------------------------------------------------------------------------------------


def test_coordinator_creates_a_cooperative_in_their_province(client_as):
    response = client_as("coordinator_daklak").post(
        reverse("registry:cooperative_create"), _form(commune="ea tul")
    )
    cooperative = Cooperative.objects.get(tax_code="6000000018")
    assert response.status_code == 302
    assert cooperative.phone == "0905123456"
    assert cooperative.commune.name == "Xã Ea Tul"
    assert cooperative.sectors == ["agriculture", "trade"]
    assert cooperative.registration_date.isoformat() == "2019-03-15"


def test_control_characters_typed_or_pasted_into_the_form_are_not_stored(client_as):
    response = client_as("coordinator_daklak").post(
        reverse("registry:cooperative_create"),
        _form(name="HTX\x0b Nông nghiệp Ea\x1fTul", notes="Dòng 1\nDòng 2\x07"),
    )
    assert response.status_code == 302
    cooperative = Cooperative.objects.get(tax_code="6000000018")
    assert (cooperative.name, cooperative.notes) == ("HTX Nông nghiệp EaTul", "Dòng 1\nDòng 2")


def test_coordinator_cannot_create_in_another_province(client_as):
    response = client_as("coordinator_camau").post(reverse("registry:cooperative_create"), _form())
    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert not Cooperative.objects.exists()


def test_service_refuses_out_of_scope_province(make_persona):
    with pytest.raises(DomainError, match="tỉnh/thành phố mình phụ trách"):
        services.cooperative_create(
            actor=make_persona("coordinator_camau"),
            name="HTX X",
            tax_code="6000000018",
            province=Province.objects.get(code="66"),
            member_count=9,
        )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"tax_code": "0100233480"}, "tax_code", "sai chữ số kiểm tra"),
        ({"tax_code": "abc"}, "tax_code", "chỉ được gồm chữ số"),
        ({"tax_code": ""}, "tax_code", "phải có mã số thuế"),
        ({"member_count": "3"}, "member_count", "ít nhất 5 thành viên"),
        ({"member_count": "nhiều"}, "member_count", "Nhập một số"),
        ({"phone": "12345"}, "phone", "không phải là số điện thoại"),
        ({"email": "khong-phai-email"}, "email", "email"),
        ({"registration_date": "31/02/2020"}, "registration_date", "ngày"),
        ({"name": "x" * 256}, "name", "tối đa 255"),
        ({"commune": "Không Có Xã Này"}, "commune", "Không tìm thấy xã/phường"),
        ({"certifications": ["ocop_3", "ocop_4"]}, "certifications", "một hạng OCOP"),
        ({"sectors": ["khong-co"]}, "sectors", "lựa chọn hợp lệ"),
    ],
)
def test_bad_input_is_refused_inline_and_nothing_typed_is_lost(client_as, overrides, field, message):
    response = client_as("system_admin").post(reverse("registry:cooperative_create"), _form(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message.lower() in " ".join(errors[field]).lower(), errors[field]
    assert 'value="HTX Ea Tu"' in response.content.decode()
    assert not Cooperative.objects.exists()


def test_duplicate_tax_code_in_the_form_gets_a_clear_message(client_as):
    CooperativeFactory(tax_code="6000000018")
    response = client_as("system_admin").post(
        reverse("registry:cooperative_create"), _form(tax_code="600-000-0018")
    )
    assert "Mã số thuế này đã có trong sổ đăng ký." in " ".join(response.context["form"].errors["tax_code"])


def test_stale_edit_is_refused_and_nothing_is_overwritten(client_as, make_persona):
    cooperative = CooperativeFactory(name="Hợp tác xã Tân Lập", member_count=20)
    opened = cooperative.version
    services.cooperative_update(
        actor=make_persona("institute_leader"),
        cooperative=Cooperative.objects.get(pk=cooperative.pk),
        version=opened,
        member_count=30,
    )
    data = _form(
        name="Hợp tác xã Tân Lập Mới", tax_code=cooperative.tax_code, member_count="25", version=opened
    )
    response = client_as("coordinator_daklak").post(
        reverse("registry:cooperative_edit", args=[cooperative.pk]), data
    )
    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.content.decode()
    cooperative.refresh_from_db()
    assert (cooperative.name, cooperative.member_count) == ("Hợp tác xã Tân Lập", 30)


def test_concurrent_saves_at_the_same_version_let_exactly_one_win(make_persona):
    cooperative = CooperativeFactory()
    leader = make_persona("institute_leader")
    services.cooperative_update(
        actor=leader, cooperative=Cooperative.objects.get(pk=cooperative.pk), version=1, notes="A"
    )
    with pytest.raises(StaleObjectError):
        services.cooperative_update(
            actor=leader, cooperative=Cooperative.objects.get(pk=cooperative.pk), version=1, notes="B"
        )
    assert Cooperative.objects.get(pk=cooperative.pk).notes == "A"


def test_representative_edits_their_profile_but_not_its_identity(client_as, make_persona):
    from .personas import OWN_TAX_CODE
    from .personas import cooperative as fixed

    own = fixed(OWN_TAX_CODE)
    rep = make_persona("cooperative_rep")
    services.cooperative_update(actor=rep, cooperative=own, version=own.version, phone="0912345678")
    with pytest.raises(DomainError):
        services.cooperative_update(
            actor=rep,
            cooperative=Cooperative.objects.get(pk=own.pk),
            version=2,
            province=Province.objects.get(code="96"),
        )
    form = (
        client_as("cooperative_rep").get(reverse("registry:cooperative_edit", args=[own.pk])).context["form"]
    )
    assert form.fields["tax_code"].disabled and form.fields["province"].disabled


@pytest.mark.parametrize(
    "query",
    [
        "hop tac xa dak lak",
        "HỢP TÁC XÃ ĐẮK LẮK",
        unicodedata.normalize("NFD", "Hợp tác xã Đắk Lắk"),
        "dak  lak, hop-tac",
    ],
)
def test_search_ignores_case_diacritics_and_decomposition(client_as, query):
    CooperativeFactory(name="Hợp tác xã Nông sản Sạch Đắk Lắk")
    CooperativeFactory(name="Hợp tác xã Thủy sản Năm Căn", province=Province.objects.get(code="96"))
    response = client_as("institute_expert").get(reverse("registry:cooperative_list"), {"q": query})
    assert [c.name for c in response.context["page"]] == ["Hợp tác xã Nông sản Sạch Đắk Lắk"]


def test_search_covers_tax_code_representative_and_address(client_as):
    CooperativeFactory(
        name="HTX A", tax_code="6000000018", representative="Nguyễn Thị Đào", address="Buôn Ako Dhông"
    )
    client = client_as("institute_expert")
    for query in ("6000000018", "nguyen thi dao", "ako dhong"):
        assert [
            c.name for c in client.get(reverse("registry:cooperative_list"), {"q": query}).context["page"]
        ] == ["HTX A"]


@pytest.mark.parametrize("query", ["", "hop tac xa"], ids=["list", "search"])
def test_list_is_in_vietnamese_order_with_keyset_pages(client_as, settings, query):
    settings.HOPTAC_PAGE_SIZE = 10
    names = [
        "Hợp tác xã Ánh Dương",
        "Hợp tác xã An Bình",
        "Hợp tác xã Đại Thành",
        "Hợp tác xã Dũng Tiến",
        "Hợp tác xã Ba Vì",
    ]
    for i in range(25):
        CooperativeFactory(name=f"{names[i % 5]} {i:02d}")
    client = client_as("system_admin")
    seen, url, params = [], reverse("registry:cooperative_list"), {"q": query}
    while True:
        response = client.get(url, params)
        seen.extend(c.name for c in response.context["page"])
        cursor = response.context["page"].next_cursor
        if not cursor:
            break
        params = {"q": query, "sau": cursor}
    assert len(seen) == 25 and len(set(seen)) == 25
    from hoptac.core.text import sort_key

    assert seen == sorted(seen, key=sort_key)
    assert seen[0].startswith("Hợp tác xã An Bình") and seen[-1].startswith("Hợp tác xã Đại Thành")
    # Going back from the last page returns the previous page.
    back = client.get(url, {"q": query, "truoc": response.context["page"].previous_cursor}).context["page"]
    assert [c.name for c in back] == seen[10:20]


def test_bad_filters_and_cursors_do_not_break_the_list(client_as):
    CooperativeFactory()
    response = client_as("institute_expert").get(
        reverse("registry:cooperative_list"),
        {"legal_form": "xxx", "province": "abc", "sau": "!!rác!!", "status": "<b>"},
    )
    assert response.status_code == 200
    assert len(response.context["page"]) == 1


def test_filters(client_as):
    camau = Province.objects.get(code="96")
    CooperativeFactory(name="HTX Tôm Cà Mau", province=camau, sectors=[Sector.FISHERIES])
    CooperativeFactory(name="HTX Cà phê", sectors=[Sector.AGRICULTURE], status=Status.SUSPENDED)
    client = client_as("institute_expert")

    def names(**params):
        return [c.name for c in client.get(reverse("registry:cooperative_list"), params).context["page"]]

    assert names(province="96") == ["HTX Tôm Cà Mau"]
    assert names(sector="fisheries") == ["HTX Tôm Cà Mau"]
    assert names(status="suspended") == ["HTX Cà phê"]


def test_coordinator_sees_only_their_province_in_list_search_and_export(client_as):
    CooperativeFactory(name="HTX Đắk Lắk Một")
    CooperativeFactory(name="HTX Cà Mau Một", province=Province.objects.get(code="96"))
    client = client_as("coordinator_camau")
    assert [c.name for c in client.get(reverse("registry:cooperative_list")).context["page"]] == [
        "HTX Cà Mau Một"
    ]
    search = client.get(reverse("core:search"), {"q": "HTX"}).context["groups"]
    assert [r.title for p, results in search if p.app_label == "registry" for r in results] == [
        "HTX Cà Mau Một"
    ]
    exported = b"".join(client.get(reverse("registry:cooperative_export_csv")).streaming_content).decode(
        "utf-8-sig"
    )
    assert "HTX Cà Mau Một" in exported and "Đắk Lắk Một" not in exported


def test_list_query_count_is_the_same_for_5_and_50_rows(client_as):
    client = client_as("coordinator_daklak")

    def get():
        assert client.get(reverse("registry:cooperative_list")).status_code == 200

    assert_constant_queries(get, lambda n: CooperativeFactory.create_batch(n), budget=12)


def test_detail_query_count_is_bounded(client_as, django_assert_max_num_queries):
    cooperative = CooperativeFactory()
    client = client_as("coordinator_daklak")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("registry:cooperative_detail", args=[cooperative.pk])).status_code == 200


def test_export_csv_and_xlsx_read_back_with_vietnamese_headers(client_as):
    CooperativeFactory(
        name="Hợp tác xã Nông nghiệp Đắk Mil", tax_code="6000000018", charter_capital=1_500_000_000
    )
    client = client_as("system_admin")
    response = client.get(reverse("registry:cooperative_export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Tên hợp tác xã", "Tên viết tắt", "Loại hình", "Mã số thuế"]
    assert rows[1][0] == "Hợp tác xã Nông nghiệp Đắk Mil" and rows[1][3] == "6000000018"

    from python_calamine import CalamineWorkbook

    response = client.get(reverse("registry:cooperative_export_xlsx"))
    data = b"".join(response.streaming_content)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert sheet[0][0] == "Tên hợp tác xã" and sheet[1][0] == "Hợp tác xã Nông nghiệp Đắk Mil"
    assert sheet[1][10] == 1_500_000_000


def test_history_of_a_cooperative_is_shown_to_who_may_see_it(client_as, make_persona):
    cooperative = CooperativeFactory()
    url = reverse("core:history", args=["registry", "cooperative", cooperative.pk])
    assert client_as("coordinator_daklak").get(url).status_code == 200
    assert client_as("coordinator_camau").get(url).status_code == 404
