"""The lab's screens: work lists, the order form, the sample page's actions, bad input on every form, and what a
cooperative's representative sees."""

from __future__ import annotations

import datetime
import html
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from hoptac.support.choices import Category, State
from hoptac.support.tests.builders import make_request

from .. import services
from ..choices import PaymentStatus, ResultStatus, SampleState
from ..models import Matrix, Package, PackageParameter, Parameter, Regulation, Sample
from .builders import (
    camau_cooperative,
    daklak_cooperative,
    limit_set,
    received,
    registered,
    sample_parameter,
    verified,
    with_results,
)

pytestmark = pytest.mark.django_db

LIST = reverse("lab:sample_list")
CREATE = reverse("lab:sample_create")


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _detail(sample):
    return reverse("lab:sample_detail", args=[sample.pk])


def _codes(response) -> list[str]:
    return [s.code for s in response.context["page"]]


# ------------------------------------------------------------------------------------------------ work lists


def test_tabs_hold_the_samples_waiting_for_each_step(client_as, manager, analyst, reviewer):
    waiting = registered(manager)
    to_analyse = received(manager)
    to_review = with_results(manager, analyst, {"pH": "7"})
    half = with_results(manager, analyst, {"pH": "7", "BOD5": "30"})
    services.verify_result(actor=reviewer, result=sample_parameter(half, "pH").result)
    to_issue = verified(manager, analyst, reviewer, {"pH": "7"})
    client = client_as("lab_manager")
    tabs = {code: n for code, _label, n, _capped, _params in client.get(LIST).context["tabs"]}
    assert tabs == {"cho-nhan": 1, "cho-phan-tich": 1, "cho-soat-xet": 2, "cho-ban-hanh": 1, "qua-han": 0,
                    "tat-ca": 5}  # fmt: skip
    assert _codes(client.get(LIST, {"xem": "cho-nhan"})) == [waiting.code]
    assert _codes(client.get(LIST, {"xem": "cho-phan-tich"})) == [to_analyse.code]
    assert _codes(client.get(LIST, {"xem": "cho-soat-xet"})) == [to_review.code, half.code]  # oldest first
    assert _codes(client.get(LIST, {"xem": "cho-ban-hanh"})) == [to_issue.code]
    assert _codes(client.get(LIST, {"xem": "tat-ca"}))[0] == to_issue.code  # newest first


def test_a_returned_result_puts_the_sample_back_to_analyse(client_as, manager, analyst, reviewer):
    sample = with_results(manager, analyst, {"pH": "7"})
    services.return_result(actor=reviewer, result=sample_parameter(sample, "pH").result, reason="Đo lại")
    client = client_as("lab_analyst")
    assert _codes(client.get(LIST, {"xem": "cho-phan-tich"})) == [sample.code]
    assert _codes(client.get(LIST, {"xem": "cho-soat-xet"})) == []


def test_overdue_tab_uses_the_local_date_and_flags_rows(client_as, manager):
    late = received(manager)
    Sample.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    on_time = received(manager)
    Sample.objects.filter(pk=on_time.pk).update(due_date=timezone.localdate())
    response = client_as("lab_manager").get(LIST, {"xem": "qua-han"})
    assert _codes(response) == [late.code]
    assert _text(response).count('data-testid="overdue"') == 1


def test_each_role_opens_on_its_own_step(client_as):
    assert client_as("lab_analyst").get(LIST).context["tab"] == "cho-phan-tich"
    assert client_as("lab_reviewer").get(LIST).context["tab"] == "cho-soat-xet"
    assert client_as("lab_manager").get(LIST).context["tab"] == "cho-nhan"
    assert client_as("institute_leader").get(LIST).context["tab"] == "tat-ca"
    assert client_as("lab_manager").get(LIST, {"xem": "khong-co"}).context["tab"] == "cho-nhan"


def test_search_by_code_or_cooperative_name_without_diacritics(client_as, manager):
    own = registered(manager)
    other = registered(manager, coop=camau_cooperative())
    client = client_as("institute_leader")
    assert _codes(client.get(LIST, {"q": own.code})) == [own.code]
    assert _codes(client.get(LIST, {"q": own.code[-5:]})) == [own.code]
    assert _codes(client.get(LIST, {"q": "tan hung"})) == [other.code]
    assert _codes(client.get(LIST, {"q": "Ea Tu"})) == [own.code]


def test_htmx_search_returns_the_results_only(client_as, manager):
    registered(manager)
    response = client_as("lab_manager").get(LIST, {"xem": "tat-ca", "q": "ea tu"}, HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "lab/_sample_results.html"
    assert response["Vary"].count("HX-Request") == 1


def test_cooperative_sees_only_its_own_samples_with_verdict_and_reports(client_as, manager):
    own = registered(manager)
    other = registered(manager, coop=camau_cooperative())
    response = client_as("cooperative_rep").get(LIST, {"xem": "cho-nhan"})
    assert response.context["tabs"] == [] and response.context["staff"] is False
    assert _codes(response) == [own.code]
    page = _text(response)
    assert other.code not in page and "Chưa có phiếu" in page
    assert client_as("cooperative_rep").get(_detail(other)).status_code == 404


def test_list_query_count_is_the_same_for_5_and_50_samples_in_every_tab(client_as, manager, analyst):
    client = client_as("lab_manager")
    rep = client_as("cooperative_rep")

    def add(n):
        for i in range(n):
            if i % 2:
                registered(manager)
            else:
                with_results(manager, analyst, {"pH": "7"})

    counts = {}
    add(5)
    for tab in ("cho-nhan", "cho-phan-tich", "cho-soat-xet", "tat-ca"):
        counts[tab] = _count(lambda tab=tab: client.get(LIST, {"xem": tab}))
    counts["rep"] = _count(lambda: rep.get(LIST))
    add(45)
    for tab in ("cho-nhan", "cho-phan-tich", "cho-soat-xet", "tat-ca"):
        assert _count(lambda tab=tab: client.get(LIST, {"xem": tab})) == counts[tab], tab
    assert _count(lambda: rep.get(LIST)) == counts["rep"]
    assert max(counts.values()) <= 12


def _count(action) -> int:
    from hoptac.core.testing.queries import count_queries

    return count_queries(action)[0]


# ------------------------------------------------------------------------------------------------ order form


def _order(**overrides):
    matrix = Matrix.objects.get(code="domestic-wastewater")
    data = {
        "cooperative": str(daklak_cooperative().pk),
        "matrix": str(matrix.pk),
        "parameters": [str(Parameter.objects.get(code=c).pk) for c in ("pH", "BOD5")],
        "sampling_place": "Cửa xả bể tự hoại, trại heo",
        "sampled_at": "02/03/2026 08:30",
        "sampler": "Nguyễn Văn Lấy",
        "token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_registering_a_sample_shows_its_code_and_quote(client_as):
    client = client_as("lab_manager")
    response = client.post(CREATE, _order())
    sample = Sample.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(sample)
    assert sample.sampler == "Nguyễn Văn Lấy" and timezone.localtime(sample.sampled_at).hour == 8
    page = _text(client.get(_detail(sample)))
    assert sample.code in page
    assert f"{sample.quote:,.0f}".replace(",", ".") + " ₫" in page


def test_the_order_form_keeps_everything_on_error_in_vietnamese(client_as):
    client = client_as("lab_manager")
    response = client.post(CREATE, _order(parameters=[], sampling_place="  ", sampled_at="32/13/2026"))
    assert response.status_code == 200 and not Sample.objects.exists()
    page = _text(response)
    assert "Hãy chọn ít nhất một chỉ tiêu hoặc một gói chỉ tiêu." in page
    assert "Hãy ghi nơi lấy mẫu." in page
    assert "dd/mm/yyyy hh:mm" in page
    assert 'value="32/13/2026"' in page and "Nguyễn Văn Lấy" in page
    response = client.post(CREATE, _order(cooperative="", cooperative_text="khong co hop tac xa nay"))
    assert "Hãy chọn hợp tác xã" in _text(response)
    assert 'value="khong co hop tac xa nay"' in _text(response)


def test_a_parameter_of_another_matrix_is_refused(client_as):
    matrix = Matrix.objects.get(code="domestic-wastewater")
    foreign = Parameter.objects.exclude(matrices=matrix).first()
    response = client_as("lab_manager").post(CREATE, _order(parameters=[str(foreign.pk)]))
    assert response.status_code == 200 and not Sample.objects.exists()
    assert "không thuộc danh mục của nền mẫu" in _text(response)


def test_a_package_ticks_its_parameters(client_as):
    matrix = Matrix.objects.get(code="domestic-wastewater")
    package = Package.objects.create(code="nt-sh", name="Nước thải sinh hoạt cơ bản", matrix=matrix)
    for i, code in enumerate(("pH", "TSS")):
        PackageParameter.objects.create(
            package=package, parameter=Parameter.objects.get(code=code), position=i
        )
    client = client_as("lab_manager")
    picker = client.get(CREATE, {"matrix": matrix.pk}, HTTP_HX_REQUEST="true")
    assert picker.templates[0].name == "lab/_parameter_picker.html"
    assert "Nước thải sinh hoạt cơ bản" in _text(picker)
    client.post(
        CREATE, _order(parameters=[str(Parameter.objects.get(code="BOD5").pk)], packages=[package.pk])
    )
    sample = Sample.objects.get()
    assert sorted(sample.parameters.values_list("parameter__code", flat=True)) == ["BOD5", "TSS", "pH"]


def test_the_same_form_posted_twice_registers_one_sample(client_as):
    client = client_as("lab_manager")
    data = _order()
    first = client.post(CREATE, data)
    second = client.post(CREATE, data)
    assert Sample.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_an_order_from_a_quality_testing_request_fixes_the_cooperative(client_as, make_persona):
    leader = make_persona("institute_leader")
    req = make_request(created_by=leader, category=Category.QUALITY_TESTING, state=State.ASSIGNED,
                       assignee=leader)  # fmt: skip
    client = client_as("institute_leader")
    page = _text(client.get(CREATE, {"request": req.pk}))
    assert "Hợp tác xã Dịch vụ Nông nghiệp Ea Tu" in page and req.number in page
    response = client.post(CREATE, _order(request=str(req.pk), cooperative=str(camau_cooperative().pk)))
    sample = Sample.objects.get()
    assert response.status_code == 302
    assert sample.support_request == req and sample.cooperative == daklak_cooperative()
    assert req.number in _text(client.get(_detail(sample)))


def test_an_order_from_another_kind_of_request_is_refused_in_words(client_as, make_persona):
    leader = make_persona("institute_leader")
    req = make_request(created_by=leader, category=Category.ENVIRONMENT)
    client = client_as("institute_leader")
    assert 'data-testid="wrong-category"' in _text(client.get(CREATE, {"request": req.pk}))
    response = client.post(CREATE, _order(request=str(req.pk)))
    assert "Kiểm nghiệm chất lượng" in _text(response) and not Sample.objects.exists()
    assert client.get(CREATE, {"request": "999999"}).status_code == 404


def test_cooperative_picker_finds_by_name(client_as):
    daklak_cooperative()
    response = client_as("lab_manager").get(reverse("lab:cooperative_search"), {"cooperative_text": "ea tu"})
    assert "Hợp tác xã Dịch vụ Nông nghiệp Ea Tu" in _text(response)


# ------------------------------------------------------------------------------------------------ sample page


def test_receiving_records_custody_and_bad_input_keeps_the_note(client_as, manager):
    sample = registered(manager)
    client = client_as("lab_analyst")
    url = reverse("lab:sample_receive", args=[sample.pk])
    response = client.post(url, {"condition": "other", "condition_note": ""})
    assert response.status_code == 200 and "Hãy ghi rõ tình trạng mẫu." in _text(response)
    response = client.post(url, {"condition": "", "condition_note": "Can nhựa nứt"})
    assert "Hãy chọn tình trạng mẫu khi nhận." in _text(response) and "Can nhựa nứt" in _text(response)
    assert client.post(url, {"condition": "damaged", "condition_note": "Can nhựa nứt"}).status_code == 302
    sample.refresh_from_db()
    assert sample.state == SampleState.RECEIVED and sample.condition == "damaged"
    page = _text(client.get(_detail(sample)))
    assert "Đỗ Thị Kiểm" in page and sample.due_date.strftime("%d/%m/%Y") in page
    # Received already: the second receipt is refused in words, with 409.
    again = client.post(url, {"condition": "intact"})
    assert again.status_code == 409 and "không thể nhận mẫu" in _text(again)


def test_applying_a_superseded_regulation_warns(client_as, manager):
    sample = received(manager, regulation=False)
    old = limit_set().regulation
    newer = Regulation.objects.exclude(pk=old.pk).first()
    Regulation.objects.filter(pk=old.pk).update(superseded_by=newer)
    client = client_as("lab_manager")
    form_page = _text(client.get(_detail(sample)))
    assert f"đã được thay thế bởi {newer.code}" in form_page
    response = client.post(
        reverse("lab:sample_apply_regulation", args=[sample.pk]),
        {"limit_set": limit_set().pk, "coefficient": "1,2"},
        follow=True,
    )
    page = _text(response)
    assert f"Lưu ý: quy chuẩn này đã được thay thế bởi {newer.code}" in page
    assert 'data-testid="superseded-warning"' in page
    sample.refresh_from_db()
    assert str(sample.coefficient.normalize()) == "1.2"
    bad = client.post(
        reverse("lab:sample_apply_regulation", args=[sample.pk]),
        {"limit_set": limit_set().pk, "coefficient": "-3"},
    )
    assert bad.status_code == 200 and 'value="-3"' in _text(bad) and "hãy nhập một số dương" in _text(bad)


def test_entering_a_result_and_an_unreadable_one(client_as, manager):
    sample = received(manager)
    sp = sample_parameter(sample, "BOD5")
    client = client_as("lab_analyst")
    url = reverse("lab:result_enter", args=[sample.pk, sp.pk])
    bad = client.post(url, {"value": "khoảng năm mươi", "uncertainty": "±3", "method": ""})
    assert bad.status_code == 200 and 'value="khoảng năm mươi"' in _text(bad)
    assert 'value="±3"' in _text(bad)
    assert client.post(url, {"value": "55,5", "uncertainty": "±3", "method": ""}).status_code == 302
    sp.refresh_from_db()
    assert sp.result.raw_value == "55,5" and sp.result.method == sp.parameter.method


def test_exceedances_are_marked_by_class_and_words_and_lead_to_a_follow_up(
    client_as, manager, analyst, reviewer
):
    sample = verified(manager, analyst, reviewer, {"pH": "7,2", "BOD5": "80"})
    response = client_as("institute_leader").get(_detail(sample))
    page = _text(response)
    assert page.count('data-exceeded="true"') == 1 and "result-exceeded" in page
    assert "Không đạt" in page and "có chỉ tiêu không đạt" in page
    link = response.context["follow_up_url"]
    assert link.startswith(reverse("support:request_create"))
    query = parse_qs(urlparse(link).query)
    assert query["category"] == ["environment"] and query["cooperative"] == [str(sample.cooperative_id)]
    assert sample.code in query["title"][0]
    assert "BOD5" in query["description"][0] and "80 mg/L" in query["description"][0]
    assert "giới hạn ≤ 50 mg/L" in query["description"][0]
    # A compliant sample has no such link.
    fine = verified(manager, analyst, reviewer, {"pH": "7,2", "BOD5": "20"})
    assert client_as("institute_leader").get(_detail(fine)).context["follow_up_url"] == ""


def test_the_verify_button_is_not_shown_to_the_analyst_but_the_service_refuses(client_as, manager):
    from hoptac.accounts.models import Role, RoleAssignment, User

    both = User.objects.create_user(username="kiem_soat", email="ks@example.vn", full_name="Trịnh Văn Kiêm")
    for code in ("lab_analyst", "lab_reviewer"):
        RoleAssignment.objects.create(user=both, role=Role.objects.get(code=code))
    both = User.objects.get(pk=both.pk)
    sample = with_results(manager, both, {"pH": "7"})
    sp = sample_parameter(sample, "pH")
    from django.test import Client

    client = Client()
    client.force_login(both)
    page = _text(client.get(_detail(sample)))
    assert 'data-testid="verify-pH"' not in page
    seen = {"entered_at": sp.result.entered_at.isoformat()}
    response = client.post(reverse("lab:result_verify", args=[sample.pk, sp.pk]), seen)
    assert response.status_code == 409 and "không thể tự soát xét" in _text(response)
    sp.result.refresh_from_db()
    assert sp.result.status == ResultStatus.ENTERED


def test_a_reviewer_verifies_or_returns_with_a_reason(client_as, manager, analyst):
    sample = with_results(manager, analyst, {"pH": "7", "BOD5": "550"})
    client = client_as("lab_reviewer")
    assert 'data-testid="verify-pH"' in _text(client.get(_detail(sample)))
    ph, bod = sample_parameter(sample, "pH"), sample_parameter(sample, "BOD5")
    ph_seen, bod_seen = ph.result.entered_at.isoformat(), bod.result.entered_at.isoformat()
    verify = reverse("lab:result_verify", args=[sample.pk, ph.pk])
    assert client.post(verify, {"entered_at": ph_seen}).status_code == 302
    url = reverse("lab:result_return", args=[sample.pk, bod.pk])
    no_reason = client.post(url, {"reason": " ", "entered_at": bod_seen})
    assert no_reason.status_code == 200 and "Hãy ghi lý do." in _text(no_reason)
    done = client.post(url, {"reason": "Thừa số 0?", "entered_at": bod_seen})
    assert done.status_code == 302
    bod.result.refresh_from_db()
    assert bod.result.status == ResultStatus.RETURNED and bod.result.return_reason == "Thừa số 0?"


def test_cancel_needs_a_reason_and_only_open_samples(client_as, manager, analyst, reviewer):
    sample = registered(manager)
    client = client_as("lab_manager")
    url = reverse("lab:sample_cancel", args=[sample.pk])
    assert "Hãy ghi lý do." in _text(client.post(url, {"reason": ""}))
    assert client.post(url, {"reason": "Hợp tác xã rút yêu cầu"}).status_code == 302
    sample.refresh_from_db()
    assert sample.state == SampleState.CANCELLED
    done = verified(manager, analyst, reviewer, {"pH": "7"})
    response = client.post(reverse("lab:sample_cancel", args=[done.pk]), {"reason": "Nhầm"})
    assert response.status_code == 409 and "không thể hủy" in _text(response)


def test_payment_is_recorded_with_its_reference(client_as, manager):
    sample = registered(manager)
    client = client_as("institute_leader")
    url = reverse("lab:sample_payment", args=[sample.pk])
    missing = client.post(url, {"status": "paid", "reference": ""})
    assert "Hãy ghi số phiếu thu, hóa đơn hoặc mã giao dịch." in _text(missing)
    assert client.post(url, {"status": "paid", "reference": "PT-0045"}).status_code == 302
    sample.refresh_from_db()
    assert sample.payment_status == PaymentStatus.PAID and sample.payment_reference == "PT-0045"
    assert "PT-0045" in _text(client.get(_detail(sample)))


def test_someone_elses_sample_is_404_and_post_only_actions(client_as, manager):
    other = registered(manager, coop=camau_cooperative())
    rep = client_as("cooperative_rep")
    assert rep.get(_detail(other)).status_code == 404
    assert (
        rep.post(reverse("lab:sample_receive", args=[other.pk]), {"condition": "intact"}).status_code == 404
    )
    own = registered(manager)
    assert client_as("lab_manager").get(reverse("lab:sample_receive", args=[own.pk])).status_code == 405
    sp_other = sample_parameter(other, "pH")
    url = reverse("lab:result_enter", args=[own.pk, sp_other.pk])  # a parameter of another sample
    assert client_as("lab_analyst").post(url, {"value": "7"}).status_code == 404


def test_the_cooperative_reads_results_only_once_reported(client_as, manager, analyst, reviewer):
    sample = verified(manager, analyst, reviewer, {"pH": "7,2", "BOD5": "80"})
    response = client_as("cooperative_rep").get(_detail(sample))
    page = _text(response)
    assert (
        response.status_code == 200
        and "80" not in page.split('data-testid="results"')[1].split("</table>")[0]
    )
    assert response.context["may"] == dict.fromkeys(response.context["may"], False)
    Sample.objects.filter(pk=sample.pk).update(state=SampleState.REPORTED)
    page = _text(client_as("cooperative_rep").get(_detail(sample)))
    assert "có chỉ tiêu không đạt" in page and 'data-testid="follow-up"' in page


def test_detail_query_count_does_not_grow_with_parameters(client_as, manager, analyst):
    client = client_as("lab_manager")
    few = with_results(manager, analyst, {"pH": "7", "BOD5": "30"})
    codes = list(Matrix.objects.get(code="domestic-wastewater").parameters.values_list("code", flat=True)[:8])
    many = with_results(manager, analyst, dict.fromkeys(codes, "1"))
    assert many.parameters.count() > few.parameters.count()
    assert _count(lambda: client.get(_detail(few))) == _count(lambda: client.get(_detail(many)))


# ------------------------------------------------------------------------------------------------ batch screens


def test_batch_entry_saves_valid_rows_and_keeps_the_others(client_as, manager):
    first, second, third = (received(manager) for _ in range(3))
    registered(manager)  # not received: not on the grid
    bod = Parameter.objects.get(code="BOD5")
    client = client_as("lab_analyst")
    url = reverse("lab:batch_entry")
    grid = client.get(url, {"chi_tieu": bod.pk})
    assert [sp.sample.code for sp, _f in grid.context["rows"]] == [first.code, second.code, third.code]
    rows = {s.code: sample_parameter(s, "BOD5").pk for s in (first, second, third)}
    data = {"chi_tieu": bod.pk, "row": list(rows.values())}
    data |= {f"s{rows[first.code]}-value": "12,5", f"s{rows[first.code]}-method": bod.method}
    data |= {f"s{rows[second.code]}-value": "mười hai", f"s{rows[second.code]}-uncertainty": "±2"}
    response = client.post(url, data)
    page = _text(response)
    assert [s.code for s, _r in response.context["saved"]] == [first.code]
    assert 'value="mười hai"' in page and 'value="±2"' in page
    assert "1 dòng chưa lưu được" in page
    assert [sp.sample.code for sp, _f in response.context["rows"]] == [second.code, third.code]
    assert sample_parameter(first, "BOD5").result.raw_value == "12,5"


def test_batch_verify_skips_the_reviewers_own_results(client_as, manager, analyst, reviewer):
    sample = with_results(manager, analyst, {"pH": "7", "BOD5": "30"})
    client = client_as("lab_reviewer")
    url = reverse("lab:batch_verify")
    rows = client.get(url).context["rows"]
    assert len(rows) == 2
    seen = {f"entered_at-{r.pk}": r.entered_at.isoformat() for r in rows}
    response = client.post(url, {"verify": [r.pk for r in rows], **seen})
    assert len(response.context["saved"]) == 2
    sample.refresh_from_db()
    assert sample.state == SampleState.RESULTS_VERIFIED


# ------------------------------------------------------------------------------------------------ menu and home


def test_menu_and_home_panel_show_the_lab_work(client_as, manager):
    registered(manager)
    page = _text(client_as("lab_manager").get("/"))
    assert 'data-menu="lab"' in page and 'data-testid="lab-work"' in page
    assert 'data-tab="cho-nhan" data-count="1"' in page
    rep_page = _text(client_as("cooperative_rep").get("/"))
    assert 'data-menu="lab"' in rep_page and 'data-testid="lab-work"' not in rep_page
    assert 'data-menu="lab_regulations"' in page and 'data-menu="lab_regulations"' not in rep_page
    assert 'data-menu="lab_batch_entry"' in _text(client_as("lab_analyst").get("/"))
    assert 'data-menu="lab"' not in _text(client_as("coordinator_daklak").get("/"))


def test_a_full_code_is_found_exactly_and_a_rare_name_by_its_cooperatives(client_as, manager):
    from ..selectors import _search

    own = registered(manager)
    registered(manager, coop=camau_cooperative())
    qs = Sample.objects.all()
    exact, narrow = _search(qs, own.code.lower())
    assert narrow and "code" in str(exact.query) and [s.code for s in exact] == [own.code]
    by_name, narrow = _search(qs, "ea tu")
    assert narrow and [s.code for s in by_name] == [own.code]


def test_the_cooperative_sees_its_issued_report_with_verdict_and_pdf(client_as, manager, analyst, reviewer):
    from .. import reports

    sample = verified(manager, analyst, reviewer, {"pH": "7,2", "BOD5": "80"})
    report = reports.issue_report(actor=manager, sample=sample)
    response = client_as("cooperative_rep").get(LIST)
    page = _text(response)
    assert report.number in page and reverse("lab:report_pdf", args=[report.pk]) in page
    assert 'data-testid="verdict"><span class="verdict-not_compliant">Không đạt' in page
    detail = _text(client_as("cooperative_rep").get(_detail(sample)))
    assert report.number in detail and 'data-testid="reports-panel"' in detail
