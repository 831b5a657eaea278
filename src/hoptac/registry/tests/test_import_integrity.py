"""The import keeps the registry whole: merged records re-validated, communes in their province, one record per
cooperative under concurrency, one commit per preview, and the gaps the review found."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connections
from django.urls import reverse

from hoptac.core.audit import event_model_for
from hoptac.core.errors import DomainError
from hoptac.places.models import Commune, Province
from hoptac.registry import services
from hoptac.registry.choices import LegalForm
from hoptac.registry.importing import import_cooperatives
from hoptac.registry.models import Cooperative

from .factories import CooperativeFactory
from .test_import import _import, messy_xlsx

HEADER = ["STT", "Tên HTX", "Loại hình", "MST", "Tỉnh/TP", "Xã/phường", "Số TV"]


def _file(tmp_path, rows, name="htx.xlsx"):
    return messy_xlsx(tmp_path / name, rows, header=HEADER)


def _commune(province_code: str) -> Commune:
    return Commune.objects.filter(province__code=province_code).order_by("code").first()


# ------------------------------------------------------------------------------- the commune follows the province


@pytest.mark.django_db
def test_a_cooperative_moved_by_import_loses_its_old_provinces_commune(tmp_path):
    commune = _commune("66")
    CooperativeFactory(tax_code="6000000018", name="HTX Di Chuyển", commune=commune)
    code, payload = _import(_file(tmp_path, [[1, "HTX Di Chuyển", None, 6000000018, "Cà Mau", None, None]]))
    assert (code, payload["updated"]) == (0, 1), payload
    cooperative = Cooperative.objects.get(tax_code="6000000018")
    assert (cooperative.province.code, cooperative.commune_id) == ("96", None)


@pytest.mark.django_db
def test_a_cooperative_moved_by_import_with_a_commune_of_the_new_province_links_it(tmp_path):
    CooperativeFactory(tax_code="6000000018", name="HTX Di Chuyển", commune=_commune("66"))
    target = _commune("96")
    rows = [[1, "HTX Di Chuyển", None, 6000000018, "Cà Mau", target.name, None]]
    assert _import(_file(tmp_path, rows))[0] == 0
    assert Cooperative.objects.get(tax_code="6000000018").commune_id == target.pk


@pytest.mark.django_db
def test_moving_a_cooperative_through_the_service_clears_the_commune(make_persona):
    admin = make_persona("system_admin")
    cooperative = CooperativeFactory(commune=_commune("66"))
    services.cooperative_update(
        actor=admin,
        cooperative=cooperative,
        version=cooperative.version,
        province=Province.objects.get(code="96"),
    )
    cooperative.refresh_from_db()
    assert (cooperative.province.code, cooperative.commune_id) == ("96", None)


@pytest.mark.django_db
def test_the_database_refuses_a_commune_of_another_province():
    cooperative = CooperativeFactory(commune=_commune("66"))
    with pytest.raises(IntegrityError, match="cooperative_commune_in_province"):
        Cooperative.objects.filter(pk=cooperative.pk).update(province=Province.objects.get(code="96"))


# ------------------------------------------------------------------------------------- the merged record is checked


@pytest.mark.django_db
def test_an_empty_legal_form_keeps_a_groups_form_and_its_smaller_minimum(tmp_path):
    group = CooperativeFactory(
        legal_form=LegalForm.GROUP, tax_code="6000000018", name="Tổ hợp tác Mây Tre", member_count=3
    )
    code, payload = _import(
        _file(tmp_path, [[1, "Tổ hợp tác Mây Tre", None, 6000000018, "Đắk Lắk", None, 4]])
    )
    assert (code, payload["updated"], payload["invalid"]) == (0, 1, 0), payload["problems"]
    group.refresh_from_db()
    assert (group.legal_form, group.member_count) == (LegalForm.GROUP, 4)


@pytest.mark.django_db
def test_a_change_of_form_that_breaks_the_minimum_rejects_that_row_only(tmp_path):
    CooperativeFactory(
        legal_form=LegalForm.GROUP, tax_code="6000000018", name="Tổ hợp tác Mây Tre", member_count=3
    )
    rows = [
        [
            1,
            "Tổ hợp tác Mây Tre",
            "Hợp tác xã",
            6000000018,
            "Đắk Lắk",
            None,
            None,
        ],  # 3 members stored: too few
        [2, "HTX Mới Hoàn Toàn", None, 9600000015, "Cà Mau", None, 7],
    ]
    code, payload = _import(_file(tmp_path, rows))
    assert (code, payload["new"], payload["updated"], payload["invalid"]) == (1, 1, 0, 1)
    [problem] = payload["problems"]
    assert (problem["row"], problem["column"]) == (4, "Số TV")
    assert "cần ít nhất 5 thành viên" in problem["message"]
    assert Cooperative.objects.get(tax_code="6000000018").legal_form == LegalForm.GROUP


@pytest.mark.django_db
def test_a_new_cooperative_needs_a_member_count(tmp_path):
    code, payload = _import(
        _file(tmp_path, [[1, "HTX Chưa Có Thành Viên", None, 6000000018, "Đắk Lắk", None, None]])
    )
    assert (code, payload["new"], payload["invalid"]) == (1, 0, 1)
    assert payload["problems"][0]["message"] == "Hợp tác xã mới phải có số thành viên."
    assert not Cooperative.objects.exists()


# --------------------------------------------------------------------------------------------------- duplicates


@pytest.mark.django_db
def test_a_group_row_without_tax_code_updates_the_group_registered_with_one(tmp_path):
    group = CooperativeFactory(
        legal_form=LegalForm.GROUP, tax_code="6000000018", name="Tổ hợp tác Mây Tre", member_count=3
    )
    code, payload = _import(
        _file(tmp_path, [[1, "TỔ HỢP TÁC MÂY TRE", "Tổ hợp tác", None, "Đắk Lắk", None, 6]])
    )
    assert (code, payload["new"], payload["updated"]) == (0, 0, 1), payload["problems"]
    assert Cooperative.objects.count() == 1
    group.refresh_from_db()
    assert (group.tax_code, group.member_count) == ("6000000018", 6)


@pytest.mark.django_db
def test_a_name_shared_by_two_registered_groups_asks_for_the_tax_code(tmp_path):
    for tax_code in ("6000000018", "6000000032"):
        CooperativeFactory(
            legal_form=LegalForm.GROUP, tax_code=tax_code, name="Tổ hợp tác Mây Tre", member_count=3
        )
    code, payload = _import(
        _file(tmp_path, [[1, "Tổ hợp tác Mây Tre", "Tổ hợp tác", None, "Đắk Lắk", None, 6]])
    )
    assert (code, payload["invalid"]) == (1, 1)
    assert "hãy ghi mã số thuế" in payload["problems"][0]["message"]
    assert sorted(Cooperative.objects.values_list("member_count", flat=True)) == [3, 3]


@pytest.mark.django_db
def test_a_row_without_tax_code_means_the_record_without_one_first(tmp_path):
    CooperativeFactory(
        legal_form=LegalForm.GROUP, tax_code="6000000018", name="Tổ hợp tác Mây Tre", member_count=3
    )
    untaxed = CooperativeFactory(
        legal_form=LegalForm.GROUP, tax_code=None, name="Tổ hợp tác Mây Tre", member_count=3
    )
    code, payload = _import(
        _file(tmp_path, [[1, "Tổ hợp tác Mây Tre", "Tổ hợp tác", None, "Đắk Lắk", None, 6]])
    )
    assert (code, payload["updated"]) == (0, 1)
    untaxed.refresh_from_db()
    assert untaxed.member_count == 6


@pytest.mark.django_db
def test_a_cooperative_and_a_group_of_the_same_name_in_one_file_import_twice_unchanged(tmp_path):
    """The cooperative carries a tax code; the group of the same name has none: two organisations. The group's
    row must not update the cooperative the same file creates, or importing it again would change things."""
    rows = [
        [1, "Hợp tác xã Hòa Bình", "Hợp tác xã", 6000000018, "Đắk Lắk", None, 9],
        [2, "Hợp tác xã Hòa Bình", "Tổ hợp tác", None, "Đắk Lắk", None, 4],
    ]
    path = _file(tmp_path, rows)
    code, payload = _import(path)
    assert (code, payload["new"], payload["updated"]) == (0, 2, 0), payload["problems"]
    events = event_model_for(Cooperative).objects.count()
    code, payload = _import(path)
    assert (code, payload["new"], payload["updated"], payload["unchanged"]) == (0, 0, 0, 2), payload[
        "problems"
    ]
    assert event_model_for(Cooperative).objects.count() == events
    assert sorted(Cooperative.objects.values_list("legal_form", "member_count")) == [
        ("cooperative", 9),
        ("group", 4),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_of_the_same_new_cooperative_make_one_record(tmp_path):
    data = _file(tmp_path, [[1, "HTX Song Song", None, 6000000018, "Đắk Lắk", None, 9]]).read_bytes()
    barrier = threading.Barrier(2)
    results, failures = [], []

    def work():
        try:
            barrier.wait()
            results.append(import_cooperatives(data, "htx.xlsx"))
        except Exception as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not failures
    assert sorted((r.new, r.updated + r.unchanged, r.invalid) for r in results) == [(0, 1, 0), (1, 0, 0)]
    assert Cooperative.objects.filter(tax_code="6000000018").count() == 1


@pytest.mark.django_db
def test_a_tax_code_taken_after_the_form_was_checked_is_a_form_error(make_persona, monkeypatch):
    """A race between full_clean() and the insert: the unique constraint decides, the person reads why."""
    from django.core.exceptions import ValidationError

    admin = make_persona("system_admin")
    taken = CooperativeFactory()
    monkeypatch.setattr(
        Cooperative, "full_clean", lambda self, **kw: None
    )  # the check passed before the other insert
    with pytest.raises(ValidationError) as caught:
        services.cooperative_create(
            actor=admin,
            name="HTX Chậm Chân",
            tax_code=taken.tax_code,
            province=taken.province,
            member_count=7,
        )
    assert caught.value.message_dict == {"tax_code": ["Mã số thuế này đã có trong sổ đăng ký."]}


# ------------------------------------------------------------------------------------------ committing a preview


def _finished_preview(actor):
    from hoptac.imports.models import ImportRun, RunStatus

    return ImportRun.objects.create(
        kind="hop-tac-xa", actor=actor, filename="a.xlsx", stored_file="imports/x.xlsx", status=RunStatus.DONE
    )


@pytest.mark.django_db
def test_a_preview_is_committed_once(make_persona):
    from hoptac.imports.models import ImportRun
    from hoptac.imports.services import commit_run

    coordinator = make_persona("coordinator_daklak")
    preview = _finished_preview(coordinator)
    commit_run(actor=coordinator, preview=preview)
    with pytest.raises(DomainError, match="đã được nhập chính thức"):
        commit_run(actor=coordinator, preview=preview)
    with pytest.raises(IntegrityError, match="importrun_one_commit_per_preview"):
        ImportRun.objects.create(
            kind="hop-tac-xa",
            actor=coordinator,
            filename="a.xlsx",
            stored_file="x",
            dry_run=False,
            preview=preview,
        )


@pytest.mark.django_db
def test_a_failed_commit_may_be_tried_again(make_persona):
    from hoptac.imports.models import RunStatus
    from hoptac.imports.services import commit_run

    coordinator = make_persona("coordinator_daklak")
    preview = _finished_preview(coordinator)
    first = commit_run(actor=coordinator, preview=preview)
    first.status = RunStatus.FAILED
    first.save()
    second = commit_run(actor=coordinator, preview=preview)
    assert second.pk != first.pk and preview.commits.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_commit_clicks_queue_one_commit(make_persona):
    from hoptac.imports.services import commit_run

    coordinator = make_persona("coordinator_daklak")
    preview = _finished_preview(coordinator)
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            barrier.wait()
            commit_run(actor=coordinator, preview=preview)
            outcomes.append("queued")
        except DomainError as exc:
            outcomes.append(str(exc.message))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["Tệp này đã được nhập chính thức.", "queued"]
    assert preview.commits.count() == 1


@pytest.mark.django_db
def test_the_administrator_sees_but_cannot_commit_someone_elses_preview(client_as, make_persona):
    preview = _finished_preview(make_persona("coordinator_daklak"))
    client = client_as("system_admin")
    assert client.get(reverse("imports:run", args=[preview.pk])).status_code == 200
    response = client.post(reverse("imports:commit", args=[preview.pk]), follow=True)
    assert "Chỉ người đã tải tệp lên mới được nhập chính thức." in response.content.decode()
    assert not preview.commits.exists()


@pytest.mark.django_db
def test_another_users_error_file_is_not_found(client_as, make_persona, settings, tmp_path):
    preview = _finished_preview(make_persona("coordinator_daklak"))
    preview.error_file = "imports/loi.xlsx"
    preview.save()
    (tmp_path / "imports").mkdir(exist_ok=True)
    (tmp_path / "imports" / "loi.xlsx").write_bytes(b"PK\x03\x04")
    settings.MEDIA_ROOT = str(tmp_path)
    url = reverse("imports:errors", args=[preview.pk])
    assert client_as("coordinator_camau").get(url).status_code == 404
    assert client_as("cooperative_rep").get(url).status_code == 404
    assert client_as("coordinator_daklak").get(url).status_code == 200


# -------------------------------------------------------------------------------------------------- other gaps


@pytest.mark.django_db
def test_an_import_update_is_in_the_history_with_its_actor_and_the_old_value(tmp_path, make_persona):
    admin = make_persona("system_admin")
    CooperativeFactory(tax_code="6000000018", name="HTX Lịch Sử", member_count=20)
    path = _file(tmp_path, [[1, "HTX Lịch Sử", None, 6000000018, "Đắk Lắk", None, 25]])
    result = import_cooperatives(path.read_bytes(), "htx.xlsx", actor=admin)
    assert result.updated == 1
    events = event_model_for(Cooperative).objects.select_related("pgh_context").order_by("pgh_id")
    assert [e.member_count for e in events] == [20, 25]
    last = events.last()
    assert last.pgh_context.metadata["user"] == admin.pk
    assert last.pgh_context.metadata["command"] == "import_cooperatives"


@pytest.mark.django_db
def test_keyset_pages_go_back_the_same_way_under_a_search(client_as):
    for n in range(7):
        CooperativeFactory(name=f"Hợp tác xã Chè Tân Cương {n}")
    CooperativeFactory(name="Hợp tác xã Cà Phê Khác")
    client = client_as("institute_expert")
    url = reverse("registry:cooperative_list")
    from django.test import override_settings

    with override_settings(HOPTAC_PAGE_SIZE=3):
        pages = [client.get(url, {"q": "che tan cuong"}).context["page"]]
        while pages[-1].next_cursor:
            pages.append(
                client.get(url, {"q": "che tan cuong", "sau": pages[-1].next_cursor}).context["page"]
            )
        forward = [[c.name for c in p] for p in pages]
        back = client.get(url, {"q": "che tan cuong", "truoc": pages[-1].previous_cursor}).context["page"]
    assert [len(p) for p in forward] == [3, 3, 1]
    assert [c.name for c in back] == forward[1]
