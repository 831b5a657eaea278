"""The support screens: queues, create/edit, the request page's actions, bad input on every form."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from hoptac.core.models import STALE_MESSAGE
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.registry.tests.factories import CooperativeFactory

from ..choices import Channel, State
from ..models import Comment, RequestEvent, SupportRequest, WorkLogEntry
from .builders import camau_cooperative, daklak_cooperative, make_request

pytestmark = pytest.mark.django_db

LIST = reverse("support:request_list")
CREATE = reverse("support:request_create")


def _detail(req):
    return reverse("support:request_detail", args=[req.pk])


def _act(req, action):
    return reverse("support:request_transition", args=[req.pk, action])


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _rep(make_persona):
    return make_persona("cooperative_rep")


def _form(**overrides):
    data = {
        "category": "environment",
        "title": "Tư vấn hồ sơ môi trường cho xưởng sơ chế cà phê",
        "description": "Xưởng mới xây, chưa có hồ sơ môi trường.",
        "desired_date": "",
        "priority": "normal",
        "contact_name": "Y Bih Niê",
        "contact_phone": "0905123456",
    }
    data.update(overrides)
    return data


# ------------------------------------------------------------------------------------------------ queues


def test_representative_sees_only_their_cooperatives_requests(client_as, make_persona):
    rep = _rep(make_persona)
    own = make_request(created_by=rep, title="Yêu cầu của Ea Tu")
    make_request(
        created_by=make_persona("coordinator_camau"), coop=camau_cooperative(), title="Yêu cầu Tân Hưng"
    )
    page = _text(client_as("cooperative_rep").get(LIST, {"xem": "tat-ca"}))
    assert "Yêu cầu của Ea Tu" in page and own.number in page
    assert "Yêu cầu Tân Hưng" not in page


def test_coordinator_sees_their_province_not_another(client_as, make_persona):
    rep = _rep(make_persona)
    make_request(created_by=rep, title="Yêu cầu Đắk Lắk")
    make_request(
        created_by=make_persona("coordinator_camau"), coop=camau_cooperative(), title="Yêu cầu Cà Mau"
    )
    page = _text(client_as("coordinator_daklak").get(LIST, {"xem": "cua-tinh"}))
    assert "Yêu cầu Đắk Lắk" in page and "Yêu cầu Cà Mau" not in page
    page = _text(client_as("coordinator_daklak").get(LIST, {"xem": "tat-ca"}))
    assert "Yêu cầu Cà Mau" not in page


def test_my_work_is_the_default_tab_and_shows_what_waits_on_me(client_as, make_persona):
    rep = _rep(make_persona)
    make_request(created_by=rep, title="Việc của tỉnh ABC")
    make_request(created_by=rep, state=State.ENDORSED, title="Việc của Viện XYZ")
    response = client_as("coordinator_daklak").get(LIST)
    page = _text(response)
    assert response.context["filters"].queue == "cua-toi"
    assert "Việc của tỉnh ABC" in page and "Việc của Viện XYZ" not in page
    leader_page = _text(client_as("institute_leader").get(LIST, {"xem": "tiep-nhan"}))
    assert "Việc của Viện XYZ" in leader_page and "Việc của tỉnh ABC" not in leader_page


def test_tabs_depend_on_the_role(client_as):
    rep_tabs = [code for code, _l, _p in client_as("cooperative_rep").get(LIST).context["queues"]]
    assert rep_tabs == ["cua-toi", "tat-ca"]
    coordinator_tabs = [code for code, _l, _p in client_as("coordinator_daklak").get(LIST).context["queues"]]
    assert coordinator_tabs == ["cua-toi", "cua-tinh", "tat-ca"]
    leader_tabs = [code for code, _l, _p in client_as("institute_leader").get(LIST).context["queues"]]
    assert leader_tabs == ["cua-toi", "tiep-nhan", "tat-ca"]
    # Nothing waits on the read-only roles: their list opens on "Tất cả".
    assert client_as("alliance_viewer").get(LIST).context["filters"].queue == "tat-ca"
    assert client_as("cooperative_rep").get(LIST).context["filters"].queue == "cua-toi"


def test_filters_counts_search_and_overdue_flag(client_as, make_persona):
    rep = _rep(make_persona)
    late = make_request(
        created_by=rep, title="Xử lý nước thải", due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    make_request(created_by=rep, state=State.ENDORSED, title="Chứng nhận VietGAP", category="certification")
    client = client_as("system_admin")
    response = client.get(LIST, {"xem": "tat-ca"})
    counts = {value: n for value, _label, n, _p, _capped in response.context["state_counts"]}
    assert counts == {"submitted": 1, "endorsed": 1}
    page = _text(response)
    assert late.due_date.strftime("%d/%m/%Y") in page
    assert page.count('data-testid="overdue"') == 1
    overdue = _text(client.get(LIST, {"xem": "tat-ca", "qua_han": "1"}))
    assert "Xử lý nước thải" in overdue and "Chứng nhận VietGAP" not in overdue
    by_state = _text(client.get(LIST, {"xem": "tat-ca", "trang_thai": "endorsed"}))
    assert "Chứng nhận VietGAP" in by_state and "Xử lý nước thải" not in by_state
    by_category = _text(client.get(LIST, {"xem": "tat-ca", "linh_vuc": "certification"}))
    assert "Chứng nhận VietGAP" in by_category and "Xử lý nước thải" not in by_category
    assert "Xử lý nước thải" in _text(client.get(LIST, {"xem": "tat-ca", "q": late.number}))
    assert "Chứng nhận VietGAP" in _text(client.get(LIST, {"xem": "tat-ca", "q": "ea tu"}))  # no diacritics
    # Unknown values are ignored, never an error page.
    assert (
        client.get(LIST, {"xem": "x", "trang_thai": "nope", "tinh": "abc", "sau": "%%%"}).status_code == 200
    )


def test_list_pages_newest_first_with_keyset_cursor(client_as, make_persona, settings):
    settings.HOPTAC_PAGE_SIZE = 10
    rep = _rep(make_persona)
    made = [make_request(created_by=rep, title=f"Yêu cầu số {i:02d}") for i in range(12)]
    client = client_as("system_admin")
    first = client.get(LIST, {"xem": "tat-ca"})
    assert [r.pk for r in first.context["page"]] == [r.pk for r in reversed(made)][:10]
    cursor = first.context["page"].next_cursor
    second = client.get(LIST, {"xem": "tat-ca", "sau": cursor})
    assert [r.pk for r in second.context["page"]] == [made[1].pk, made[0].pk]


def test_list_query_count_is_the_same_for_5_and_50_rows(client_as, make_persona):
    rep = _rep(make_persona)
    client = client_as("coordinator_daklak")
    expert = make_persona("institute_expert")

    def add(n):
        for i in range(n):
            make_request(created_by=rep, state=State.ASSIGNED if i % 2 else State.SUBMITTED, assignee=expert)

    def get():
        assert client.get(LIST, {"xem": "tat-ca"}).status_code == 200

    count = assert_constant_queries(get, add, budget=12)
    assert count <= 12


def test_people_without_a_support_role_get_404(client_as, make_persona):
    from hoptac.accounts.models import Role, RoleAssignment, User

    member = User.objects.create_user(
        username="dang.vien", email="dv@example.vn", password="x-mat-khau-2026", full_name="Đảng Viên"
    )
    RoleAssignment.objects.create(user=member, role=Role.objects.get(code="party_member"))
    req = make_request(created_by=_rep(make_persona))
    from django.test import Client

    from hoptac.accounts.testing import log_in_with_second_factor

    client = Client()
    log_in_with_second_factor(client, member)  # a party role: the session has passed the code step
    assert client.get(LIST).status_code == 404
    assert client.get(_detail(req)).status_code == 404
    assert client.get(CREATE).status_code == 404
    assert client_as("outsider").get(LIST).status_code == 404


def test_system_admin_sees_every_request_but_drafts(client_as, make_persona):
    rep = _rep(make_persona)
    draft = make_request(created_by=rep, state=State.DRAFT, title="Bản nháp riêng")
    sent = make_request(created_by=rep)
    client = client_as("system_admin")
    assert client.get(_detail(sent)).status_code == 200
    assert client.get(_detail(draft)).status_code == 404
    assert "Bản nháp riêng" not in _text(client.get(LIST, {"xem": "tat-ca"}))


# ------------------------------------------------------------------------------------------------ create


def test_representative_saves_a_draft_then_sends_it(client_as, make_persona):
    client = client_as("cooperative_rep")
    page = client.get(CREATE)
    assert page.context["fixed"] == daklak_cooperative()
    response = client.post(CREATE, _form(action="draft"))
    req = SupportRequest.objects.get()
    assert response.status_code == 302 and req.state == State.DRAFT and req.number is None
    assert req.channel == Channel.ONLINE
    response = client.post(_act(req, "gui"))
    req.refresh_from_db()
    assert req.state == State.SUBMITTED and req.number.startswith("YC-")


def test_representative_submits_at_once(client_as):
    client_as("cooperative_rep").post(CREATE, _form(action="submit"))
    assert SupportRequest.objects.get().state == State.SUBMITTED


def test_coordinator_picks_a_cooperative_of_their_province(client_as):
    own = daklak_cooperative()
    other = camau_cooperative()
    client = client_as("coordinator_daklak")
    found = client.get(reverse("support:cooperative_search"), {"cooperative_text": "ea tu"})
    assert own.name in _text(found)
    assert other.name not in _text(
        client.get(reverse("support:cooperative_search"), {"cooperative_text": "tan hung"})
    )
    refused = client.post(CREATE, _form(cooperative=other.pk))
    assert refused.status_code == 200 and not SupportRequest.objects.exists()
    assert "Hãy chọn hợp tác xã" in _text(refused)
    client.post(CREATE, _form(cooperative=own.pk))
    req = SupportRequest.objects.get()
    assert req.state == State.ENDORSED and req.channel == Channel.PROVINCE


def test_cooperative_page_link_preselects_the_cooperative(client_as):
    own = daklak_cooperative()
    response = client_as("coordinator_daklak").get(CREATE, {"hop_tac_xa": own.pk})
    assert response.context["chosen"] == own
    assert f'value="{own.pk}" id="coop-chosen" checked' in response.content.decode()


def test_institute_must_choose_a_channel_and_may_type_a_tax_code(client_as):
    own = daklak_cooperative()
    client = client_as("institute_leader")
    missing = client.post(CREATE, _form(cooperative_text=own.tax_code))
    assert "Hãy chọn kênh Viện nhận yêu cầu" in _text(missing)
    assert not SupportRequest.objects.exists()
    client.post(CREATE, _form(cooperative_text=own.tax_code, channel="phone"))
    req = SupportRequest.objects.get()
    assert req.channel == Channel.PHONE and req.state == State.ENDORSED and req.cooperative == own


def test_cooperative_search_finds_a_cooperative_among_many(client_as):
    CooperativeFactory.create_batch(30)
    target = CooperativeFactory(name="Hợp tác xã Mây tre đan Phú Vinh")
    response = client_as("institute_expert").get(
        reverse("support:cooperative_search"), {"cooperative_text": "may tre dan"}
    )
    assert list(response.context["found"]) == [target]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", None),
        ({"title": "   "}, "title", None),
        ({"title": "x" * 256}, "title", None),
        ({"description": ""}, "description", None),
        ({"category": "khong-co"}, "category", None),
        ({"desired_date": "31/02/2027"}, "desired_date", "dd/mm/yyyy"),
        ({"desired_date": "2027/12/01"}, "desired_date", "dd/mm/yyyy"),
        ({"desired_date": "01/01/2020"}, "desired_date", "quá khứ"),
        ({"priority": "sieu-khan"}, "priority", None),
    ],
)
def test_create_form_refuses_bad_input(client_as, overrides, field, message):
    response = client_as("cooperative_rep").post(CREATE, _form(action="submit", **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field])
    assert not SupportRequest.objects.exists()
    # Nothing typed is lost.
    if field != "description":
        assert "Xưởng mới xây, chưa có hồ sơ môi trường." in _text(response)


def test_a_date_typed_dd_mm_yyyy_is_kept(client_as):
    later = timezone.localdate() + datetime.timedelta(days=30)
    client_as("cooperative_rep").post(CREATE, _form(desired_date=later.strftime("%d/%m/%Y")))
    assert SupportRequest.objects.get().desired_date == later


# ------------------------------------------------------------------------------------------------ edit


def test_representative_edits_a_returned_request_and_sends_it_again(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona), state=State.RETURNED)
    client = client_as("cooperative_rep")
    page = client.get(reverse("support:request_edit", args=[req.pk]))
    assert page.context["form"].initial["version"] == req.version
    response = client.post(
        reverse("support:request_edit", args=[req.pk]),
        _form(title="Bổ sung: sơ đồ xưởng", version=req.version, action="submit"),
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.title == "Bổ sung: sơ đồ xưởng" and req.state == State.SUBMITTED


def test_stale_edit_keeps_what_was_typed(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona), state=State.DRAFT)
    SupportRequest.objects.filter(pk=req.pk).update(version=req.version + 1)  # someone saved meanwhile
    response = client_as("cooperative_rep").post(
        reverse("support:request_edit", args=[req.pk]), _form(title="Tiêu đề tôi vừa gõ", version=req.version)
    )
    page = _text(response)
    assert str(STALE_MESSAGE) in page
    assert 'value="Tiêu đề tôi vừa gõ"' in page
    req.refresh_from_db()
    assert req.title != "Tiêu đề tôi vừa gõ"


def test_edit_after_submission_is_refused_with_a_message(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona))
    response = client_as("cooperative_rep").get(reverse("support:request_edit", args=[req.pk]), follow=True)
    assert "Chỉ sửa được yêu cầu ở bản nháp" in _text(response)


# ------------------------------------------------------------------------------------------------ the page


def test_detail_shows_header_and_only_the_buttons_the_user_may_use(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona))
    coordinator = client_as("coordinator_daklak").get(_detail(req))
    assert coordinator.status_code == 200
    names = [a["transition"].name for a in coordinator.context["actions"]]
    assert names == ["endorse", "return_for_information", "decline"]
    page = _text(coordinator)
    assert req.number in page and "Chờ tỉnh xác nhận" in page and req.due_date.strftime("%d/%m/%Y") in page
    rep = client_as("cooperative_rep").get(_detail(req))
    assert [a["transition"].name for a in rep.context["actions"]] == ["withdraw"]


def test_someone_elses_request_answers_404_everywhere(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona))
    client = client_as("coordinator_camau")
    assert client.get(_detail(req)).status_code == 404
    assert client.post(_act(req, "xac-nhan")).status_code == 404
    assert client.post(reverse("support:comment_add", args=[req.pk]), {"body": "x"}).status_code == 404
    assert client.get(reverse("support:request_edit", args=[req.pk])).status_code == 404
    assert not Comment.objects.exists()


def test_return_needs_a_reason_and_then_the_cooperative_reads_it(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona))
    client = client_as("coordinator_daklak")
    missing = client.post(_act(req, "tra-lai"), {"reason": "  "})
    assert missing.status_code == 200
    assert any(a["open"] and a["form"].errors for a in missing.context["actions"])
    client.post(_act(req, "tra-lai"), {"reason": "Thiếu sơ đồ mặt bằng xưởng."})
    req.refresh_from_db()
    assert req.state == State.RETURNED
    rep_page = _text(client_as("cooperative_rep").get(_detail(req)))
    assert "Thiếu sơ đồ mặt bằng xưởng." in rep_page and "Cần bổ sung thông tin" in rep_page


def test_a_transition_on_a_request_that_moved_on_says_why(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona))
    client = client_as("coordinator_daklak")
    client.get(_detail(req))  # the page was opened …
    SupportRequest.objects.filter(pk=req.pk).update(state=State.WITHDRAWN)  # … then the cooperative withdrew
    response = client.post(_act(req, "tra-lai"), {"reason": "Thiếu hồ sơ."})
    assert response.status_code == 409
    assert "“Đã rút” nên không thể “Trả lại để bổ sung”" in _text(response)


def test_a_transition_the_user_may_not_take_is_refused(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona))
    response = client_as("cooperative_rep").post(_act(req, "xac-nhan"))
    assert response.status_code == 403
    assert "Bạn không có quyền" in _text(response)
    assert client_as("coordinator_daklak").post(_act(req, "khong-co")).status_code == 404
    assert client_as("coordinator_daklak").get(_act(req, "xac-nhan")).status_code == 405


def test_accept_needs_an_assignee_and_offers_only_institute_staff(client_as, make_persona):
    expert = make_persona("institute_expert")
    make_persona("coordinator_daklak")
    req = make_request(created_by=_rep(make_persona), state=State.ENDORSED)
    client = client_as("institute_leader")
    page = client.get(_detail(req))
    accept = next(a for a in page.context["actions"] if a["transition"].name == "accept")
    offered = list(accept["form"].fields["assignee"].queryset)
    assert expert in offered and make_persona("coordinator_daklak") not in offered
    missing = client.post(_act(req, "tiep-nhan"), {"assignee": "", "assignee_unit": ""})
    assert "Hãy chọn chuyên gia hoặc đơn vị phụ trách." in _text(missing)
    wrong = client.post(_act(req, "tiep-nhan"), {"assignee": make_persona("coordinator_daklak").pk})
    assert wrong.status_code == 200 and SupportRequest.objects.get(pk=req.pk).state == State.ENDORSED
    client.post(_act(req, "tiep-nhan"), {"assignee": expert.pk})
    req.refresh_from_db()
    assert req.state == State.ASSIGNED and req.assignee == expert


@pytest.mark.parametrize("rating", ["0", "6", "abc", ""])
def test_confirm_refuses_a_rating_outside_1_to_5(client_as, make_persona, rating):
    req = make_request(
        created_by=_rep(make_persona), state=State.RESOLVED, assignee=make_persona("institute_expert")
    )
    response = client_as("cooperative_rep").post(_act(req, "danh-gia"), {"rating": rating})
    assert "Hãy chọn mức hài lòng từ 1 đến 5 sao." in _text(response)
    assert SupportRequest.objects.get(pk=req.pk).state == State.RESOLVED


def test_confirm_with_five_stars_closes_the_request(client_as, make_persona):
    req = make_request(
        created_by=_rep(make_persona), state=State.RESOLVED, assignee=make_persona("institute_expert")
    )
    client = client_as("cooperative_rep")
    client.post(_act(req, "danh-gia"), {"rating": "5", "comment": "Cán bộ nhiệt tình."})
    req.refresh_from_db()
    assert req.state == State.CLOSED and req.rating == 5
    assert 'data-rating="5"' in _text(client.get(_detail(req)))


def test_reopen_and_resolve_need_text(client_as, make_persona):
    expert = make_persona("institute_expert")
    resolved = make_request(created_by=_rep(make_persona), state=State.RESOLVED, assignee=expert)
    response = client_as("cooperative_rep").post(_act(resolved, "mo-lai"), {"reason": ""})
    assert response.status_code == 200 and SupportRequest.objects.get(pk=resolved.pk).state == State.RESOLVED
    working = make_request(created_by=_rep(make_persona), state=State.IN_PROGRESS, assignee=expert)
    response = client_as("institute_expert").post(_act(working, "bao-cao-ket-qua"), {"outcome": ""})
    assert (
        response.status_code == 200 and SupportRequest.objects.get(pk=working.pk).state == State.IN_PROGRESS
    )


# ------------------------------------------------------------------------------------------------ work log


def _work(**overrides):
    data = {
        "kind": "visit",
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "hours": "1,5",
        "description": "Khảo sát xưởng.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hours": "abc"}, "hours"),
        ({"hours": "0"}, "hours"),
        ({"hours": "25"}, "hours"),
        ({"hours": "-1"}, "hours"),
        ({"hours": "1,25"}, "hours"),
        ({"hours": "NaN"}, "hours"),
        ({"hours": ""}, "hours"),
        ({"date": "32/01/2026"}, "date"),
        ({"date": (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")}, "date"),
        ({"description": ""}, "description"),
        ({"kind": "ngu"}, "kind"),
    ],
)
def test_work_log_refuses_bad_input(client_as, make_persona, overrides, field):
    req = make_request(
        created_by=_rep(make_persona), state=State.ASSIGNED, assignee=make_persona("institute_expert")
    )
    response = client_as("institute_expert").post(
        reverse("support:work_log_add", args=[req.pk]), _work(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["work_form"].errors
    assert not WorkLogEntry.objects.exists()


@pytest.mark.parametrize(("typed", "stored"), [("1,5", "1.5"), ("2.5", "2.5"), ("8", "8.0")])
def test_work_log_takes_hours_with_comma_or_point_and_starts_the_work(client_as, make_persona, typed, stored):
    req = make_request(
        created_by=_rep(make_persona), state=State.ASSIGNED, assignee=make_persona("institute_expert")
    )
    client = client_as("institute_expert")
    response = client.post(reverse("support:work_log_add", args=[req.pk]), _work(hours=typed))
    assert response.status_code == 302
    assert str(WorkLogEntry.objects.get().hours) == stored
    req.refresh_from_db()
    assert req.state == State.IN_PROGRESS
    assert "Khảo sát xưởng." in _text(client.get(_detail(req)))


def test_the_cooperative_does_not_see_the_work_log(client_as, make_persona):
    req = make_request(
        created_by=_rep(make_persona), state=State.ASSIGNED, assignee=make_persona("institute_expert")
    )
    client_as("institute_expert").post(reverse("support:work_log_add", args=[req.pk]), _work())
    rep = client_as("cooperative_rep").get(_detail(req))
    assert rep.context["work_log"] == [] and "Khảo sát xưởng." not in _text(rep)
    refused = client_as("cooperative_rep").post(reverse("support:work_log_add", args=[req.pk]), _work())
    assert refused.status_code == 403 and WorkLogEntry.objects.count() == 1


# ------------------------------------------------------------------------------------------------ conversation


def test_internal_notes_never_reach_the_cooperatives_page(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona))
    coordinator = client_as("coordinator_daklak")
    page = _text(coordinator.get(_detail(req)))
    assert "Ghi chú nội bộ" in page  # the checkbox, for the staff side
    coordinator.post(
        reverse("support:comment_add", args=[req.pk]), {"body": "NỘI BỘ: hồ sơ đất chưa rõ", "internal": "on"}
    )
    coordinator.post(reverse("support:comment_add", args=[req.pk]), {"body": "Tỉnh đã nhận yêu cầu."})
    RequestEvent.objects.create(
        request=req, kind="reassigned", to_state=req.state, note="SỰ KIỆN NỘI BỘ", internal=True
    )
    assert "NỘI BỘ: hồ sơ đất chưa rõ" in _text(coordinator.get(_detail(req)))
    rep_response = client_as("cooperative_rep").get(_detail(req))
    rep_page = _text(rep_response)
    assert "Tỉnh đã nhận yêu cầu." in rep_page
    assert "NỘI BỘ: hồ sơ đất chưa rõ" not in rep_page and "SỰ KIỆN NỘI BỘ" not in rep_page
    assert 'name="internal"' not in rep_page


def test_the_representative_cannot_post_an_internal_note(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona))
    client_as("cooperative_rep").post(
        reverse("support:comment_add", args=[req.pk]), {"body": "Chúng tôi cần gấp", "internal": "on"}
    )
    assert Comment.objects.get().internal is False  # the box is not theirs: the note is public


def test_empty_and_too_long_comments_are_refused(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona))
    client = client_as("cooperative_rep")
    assert "comment_form" in client.post(reverse("support:comment_add", args=[req.pk]), {"body": " "}).context
    too_long = client.post(reverse("support:comment_add", args=[req.pk]), {"body": "x" * 5001})
    assert "body" in too_long.context["comment_form"].errors
    assert not Comment.objects.exists()


def test_detail_query_count_does_not_grow_with_the_timeline(client_as, make_persona):
    rep = _rep(make_persona)
    req = make_request(created_by=rep, state=State.IN_PROGRESS, assignee=make_persona("institute_expert"))
    client = client_as("coordinator_daklak")

    def add(n):
        for i in range(n):
            Comment.objects.create(request=req, author=rep, body=f"Trao đổi {i}")
            RequestEvent.objects.create(request=req, kind="started", to_state=req.state, actor=rep)
            WorkLogEntry.objects.create(
                request=req, author=rep, kind="visit", date=timezone.localdate(), hours=1, description="x"
            )

    def get():
        assert client.get(_detail(req)).status_code == 200

    assert_constant_queries(get, add, budget=25)


# ------------------------------------------------------------------------------------------------ panels


def test_cooperative_page_lists_its_requests_with_a_create_link(client_as, make_persona):
    req = make_request(created_by=_rep(make_persona), title="Yêu cầu trên trang HTX")
    coop = daklak_cooperative()
    page = _text(client_as("cooperative_rep").get(reverse("registry:cooperative_detail", args=[coop.pk])))
    assert "Yêu cầu trên trang HTX" in page and req.number in page
    assert f"/yeu-cau/them/?hop_tac_xa={coop.pk}" in page
    viewer = _text(client_as("alliance_viewer").get(reverse("registry:cooperative_detail", args=[coop.pk])))
    assert "Yêu cầu trên trang HTX" in viewer and "/yeu-cau/them/" not in viewer


def test_home_panel_counts_my_work_and_the_menu_has_the_entry(client_as, make_persona):
    rep = _rep(make_persona)
    make_request(created_by=rep)
    make_request(created_by=rep)
    page = _text(client_as("coordinator_daklak").get(reverse("core:home")))
    assert 'data-panel="support.my_work"' in page
    assert 'data-state="submitted" data-count="2"' in page
    assert 'data-menu="support"' in page
    outsider = _text(client_as("outsider").get(reverse("core:home")))
    assert 'data-menu="support"' not in outsider and "support.my_work" not in outsider


@pytest.mark.django_db
def test_a_double_tap_on_send_creates_one_request(client_as):
    client = client_as("cooperative_rep")
    page = client.get(reverse("support:request_create"))
    token = page.context["form"]["token"].value()
    data = {
        "token": str(token), "category": "other", "title": "Một lần thôi", "description": "Nội dung",
        "priority": "normal", "action": "submit",
    }  # fmt: skip
    first = client.post(reverse("support:request_create"), data)
    second = client.post(reverse("support:request_create"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert SupportRequest.objects.filter(title="Một lần thôi").count() == 1


@pytest.mark.django_db
def test_list_rows_link_to_the_request_page(client_as, make_persona):
    req = make_request(created_by=make_persona("cooperative_rep"), state=State.SUBMITTED)
    body = _text(client_as("system_admin").get(LIST, {"xem": "tat-ca"}))
    assert f'href="{reverse("support:request_detail", args=[req.pk])}"' in body
