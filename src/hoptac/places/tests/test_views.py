"""Province screens: the list in Vietnamese order, one province with its communes, search, query budgets."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from vietnam_provinces import Province as PackageProvince

from hoptac.core.text import sort_key
from hoptac.places import selectors
from hoptac.places.models import Commune, FormerProvince, Province

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr data-code="(\d+)">')


@pytest.fixture
def client(client_as):
    return client_as("institute_expert")


def codes_in(response) -> list[str]:
    return ROW.findall(response.content.decode())


def test_anonymous_visitor_is_sent_to_log_in(client_as):
    for url in (reverse("places:province_list"), reverse("places:province_detail", args=["66"])):
        response = client_as("anonymous").get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_list_shows_the_34_provinces_in_vietnamese_order(client):
    response = client.get(reverse("places:province_list"))
    assert response.status_code == 200
    package = {f"{int(p.code):02d}": p.name.removeprefix("Thành phố ") for p in PackageProvince.iter_all()}
    expected = sorted(package, key=lambda code: sort_key(package[code]))
    assert codes_in(response) == expected
    assert expected[0] == "91"  # An Giang
    assert expected[-1] == "86"  # Vĩnh Long


def test_list_shows_kind_commune_count_and_former_provinces(client):
    content = client.get(reverse("places:province_list")).content.decode()
    hcm = content[content.index('<tr data-code="79">') :]
    hcm = hcm[: hcm.index("</tr>")]
    assert "Thành phố Hồ Chí Minh" in hcm
    assert "Thành phố trực thuộc trung ương" in hcm
    assert f">{Commune.objects.filter(province__code='79').count()}<" in hcm
    for former in ("Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"):
        assert former in hcm


def test_detail_shows_the_province_its_communes_and_former_provinces(client):
    response = client.get(reverse("places:province_detail", args=["66"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Đắk Lắk" in content
    assert "Phú Yên" in content  # merged into Đắk Lắk
    rows = codes_in(response)
    assert sorted(rows) == sorted(Commune.objects.filter(province__code="66").values_list("code", flat=True))
    assert "Phường Buôn Ma Thuột" in content


def test_detail_lists_communes_by_their_own_name_in_vietnamese_order(client):
    rows = codes_in(client.get(reverse("places:province_detail", args=["01"])))
    communes = {c.code: c for c in Commune.objects.filter(province__code="01")}
    keys = [sort_key(communes[code].short_name) for code in rows]
    assert keys == sorted(keys)


def test_search_without_diacritics_finds_the_commune(client):
    url = reverse("places:province_detail", args=["01"])
    assert codes_in(client.get(url, {"q": "hoan kiem"})) == ["00070"]
    assert codes_in(client.get(url, {"q": "HOÀN KIẾM"})) == ["00070"]
    assert codes_in(client.get(url, {"q": "phuong  hoan-kiem"})) == ["00070"]
    # Words match anywhere in the name, so "hoan" also finds Hoàng Mai and Hoàng Liệt.
    assert len(codes_in(client.get(url, {"q": "phuong hoan"}))) == 3


def test_search_with_no_result_says_so(client):
    response = client.get(reverse("places:province_detail", args=["01"]), {"q": "khong co xa nay"})
    assert codes_in(response) == []
    assert "Không có xã, phường nào khớp" in response.content.decode()


def test_htmx_search_returns_the_table_alone(client):
    response = client.get(
        reverse("places:province_detail", args=["01"]), {"q": "hoan kiem"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<div id="commune-table">')
    assert ROW.findall(content) == ["00070"]
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    response = client.get(
        reverse("places:province_detail", args=["01"]),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("code", ["99", "1", "abc", "010"])
def test_unknown_province_is_404(client, code):
    assert client.get(reverse("places:province_detail", args=[code])).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_detail_query_count_does_not_grow_with_communes(client, django_assert_num_queries):
    # Lai Châu has 38 communes, Thành phố Hồ Chí Minh 168.
    client.get(reverse("places:province_list"))  # warm the session and the shell's per-user caches
    few = _queries(client, reverse("places:province_detail", args=["12"]))
    with django_assert_num_queries(few):
        client.get(reverse("places:province_detail", args=["79"]))


def test_list_query_count_does_not_grow_with_former_provinces(client, django_assert_num_queries):
    client.get(reverse("places:province_list"))  # warm the session and the shell's per-user caches
    before = _queries(client, reverse("places:province_list"))
    hanoi = Province.objects.get(code="01")
    used = set(FormerProvince.objects.values_list("code", flat=True))
    spare = [f"{n:02d}" for n in range(100) if f"{n:02d}" not in used][:20]
    FormerProvince.objects.bulk_create(
        FormerProvince(code=code, name=f"Tỉnh thử {code}", province=hanoi, folded_name="", sort_key="")
        for code in spare
    )
    with django_assert_num_queries(before):
        client.get(reverse("places:province_list"))


def test_selectors_have_a_fixed_query_budget(make_persona, django_assert_num_queries):
    user = make_persona("coordinator_camau")
    with django_assert_num_queries(2):
        provinces = list(selectors.province_list(user=user))
        assert len(provinces) == 34
        assert sum(p.commune_count for p in provinces) == 3321
        assert sum(len(p.former_provinces.all()) for p in provinces) == 63
    with django_assert_num_queries(2):
        province = selectors.province_get(user=user, code="79")
        assert len(province.former_provinces.all()) == 3
    with django_assert_num_queries(1):
        communes = list(selectors.commune_list(user=user, province=province, query="tan"))
        assert all("tan" in c.folded_name and c.province.code == "79" for c in communes)


def test_province_search_finds_a_province_by_its_former_name(make_persona):
    user = make_persona("outsider")
    assert [p.code for p in selectors.province_search(user=user, query="bac kan")] == ["19"]
    # Words match anywhere: "ha giang" also finds Cần Thơ, which took in Hậu Giang.
    assert "08" in [p.code for p in selectors.province_search(user=user, query="ha giang")]
    assert [p.code for p in selectors.province_search(user=user, query="Đắk Lắk")] == ["66"]
    assert list(selectors.province_search(user=user, query="  ")) == []


def test_global_search_contributes_provinces_and_communes(make_persona):
    from hoptac.core import search

    def places_results(query):
        groups = {provider.app_label: results for provider, results in search.search_all(user, query)}
        return groups.get("places", [])

    user = make_persona("outsider")
    communes = places_results("hoan kiem")
    assert [r.title for r in communes] == ["Phường Hoàn Kiếm"]
    assert communes[0].url == reverse("places:province_detail", args=["01"]) + "?q=Ho%C3%A0n+Ki%E1%BA%BFm"
    assert "Quảng Trị" in [r.title for r in places_results("Quảng Bình")]


def test_anonymous_users_see_no_places():
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.province_list(user=AnonymousUser()).exists()
    assert not selectors.commune_list(user=AnonymousUser()).exists()
