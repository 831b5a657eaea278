"""The catalogue and regulation screens: lists, forms with good and bad input, stale edits, and a regulation
added through the screens judged by ``hoptac lab_judge``."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from hoptac.core.models import STALE_MESSAGE
from hoptac.lab.models import (
    Limit,
    LimitClass,
    LimitInterval,
    LimitSet,
    Matrix,
    Package,
    Parameter,
    Regulation,
)

pytestmark = pytest.mark.django_db

STALE = str(STALE_MESSAGE)[:40]


@pytest.fixture
def manager(client_as):
    return client_as("lab_manager")


def _errors(response) -> str:
    return response.content.decode()


# --- pages render ----------------------------------------------------------------------------------------------


def test_every_catalogue_page_renders_for_the_lab_manager(manager):
    q14 = Regulation.objects.get(code="QCVN 14:2008/BTNMT")
    q08 = Regulation.objects.get(code="QCVN 08:2023/BTNMT")
    graded = q08.limit_sets.get(name="Bảng 2")
    limit = graded.limits.first()
    package = None
    urls = [
        reverse("lab:matrix_list"),
        reverse("lab:matrix_create"),
        reverse("lab:matrix_edit", args=[Matrix.objects.first().pk]),
        reverse("lab:parameter_list"),
        reverse("lab:parameter_list") + "?nen_mau=surface-water&q=oxy hoa tan",
        reverse("lab:parameter_create"),
        reverse("lab:parameter_edit", args=[Parameter.objects.get(code="DO").pk]),
        reverse("lab:package_list"),
        reverse("lab:package_create"),
        reverse("lab:package_create") + "?nen_mau=domestic-wastewater",
        reverse("lab:regulation_list"),
        reverse("lab:regulation_create"),
        reverse("lab:regulation_detail", args=[q14.pk]),
        reverse("lab:regulation_detail", args=[q08.pk]),
        reverse("lab:regulation_edit", args=[q14.pk]),
        reverse("lab:limit_set_create", args=[q14.pk]),
        reverse("lab:limit_set_edit", args=[graded.pk]),
        reverse("lab:limit_classes", args=[graded.pk]),
        reverse("lab:limit_create", args=[graded.pk]),
        reverse("lab:limit_edit", args=[limit.pk]),
    ]
    assert package is None
    for url in urls:
        response = manager.get(url)
        assert response.status_code == 200, url


def _form_data(response, **changes) -> dict:
    """What the page's form would post as shown, with ``changes``."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        if isinstance(value, list | tuple):
            value = [str(v) for v in value]
        data[name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _history_user(model, pk):
    from hoptac.core.audit import event_model_for

    event = event_model_for(model).objects.filter(pgh_obj_id=pk).select_related("pgh_context").last()
    return (event.pgh_context.metadata or {}).get("user")


# --- parameters ----------------------------------------------------------------------------------------------------


def _parameter_post(**changes):
    data = {
        "code": "MN",
        "name": "Mangan (Mn)",
        "name_en": "Manganese (Mn)",
        "unit": "mg/L",
        "method": "SMEWW 3111B:2017",
        "detection_limit": "0,05",
        "accredited": "on",
        "price": "150.000",
        "turnaround_days": "7",
        "matrices": [
            str(Matrix.objects.get(code="surface-water").pk),
            str(Matrix.objects.get(code="groundwater").pk),
        ],
        "note": "",
        "position": "40",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_manager_adds_a_parameter_with_a_decimal_comma_and_a_price_in_dong(manager, make_persona):
    response = manager.post(reverse("lab:parameter_create"), _parameter_post())
    assert response.status_code == 302, _errors(response)
    created = Parameter.objects.get(code="MN")
    assert created.detection_limit == Decimal("0.05")
    assert created.price == Decimal(150000)
    assert created.accredited is True
    assert set(created.matrices.values_list("code", flat=True)) == {"surface-water", "groundwater"}
    assert _history_user(Parameter, created.pk) == make_persona("lab_manager").pk
    listing = manager.get(reverse("lab:parameter_list") + "?nen_mau=groundwater&q=mangan").content.decode()
    assert "Mangan (Mn)" in listing and "0,05" in listing and "150.000" in listing and "VILAS" in listing
    assert (
        "Nhu cầu ôxy hóa học" not in manager.get(reverse("lab:parameter_list") + "?q=mangan").content.decode()
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "bắt buộc"),
        ({"method": ""}, "method", "bắt buộc"),
        ({"code": "X" * 31}, "code", "30"),
        ({"code": "COD"}, "code", "đã tồn tại"),
        ({"detection_limit": "abc"}, "detection_limit", "Hãy nhập một số"),
        ({"detection_limit": "0"}, "detection_limit", "lớn hơn 0"),
        ({"detection_limit": "0 05"}, "detection_limit", "không phải là một số"),  # not silently 0.05 or 5
        ({"price": "12,5"}, "price", "Hãy nhập số tiền"),
        ({"price": "mười nghìn"}, "price", "Hãy nhập số tiền"),
        ({"turnaround_days": "bảy"}, "turnaround_days", "số nguyên"),
        ({"turnaround_days": "0"}, "turnaround_days", "1"),
        ({"matrices": ["999999"]}, "matrices", "lựa chọn"),
    ],
)
def test_a_bad_parameter_is_refused_with_what_was_typed_kept(manager, changes, field, message):
    response = manager.post(reverse("lab:parameter_create"), _parameter_post(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field]), form.errors[field]
    assert not Parameter.objects.filter(code="MN").exists()
    assert form["name"].value() == changes.get("name", "Mangan (Mn)")


def test_a_stale_parameter_edit_is_refused_and_nothing_typed_is_lost(manager):
    cod = Parameter.objects.get(code="COD")
    page = manager.get(reverse("lab:parameter_edit", args=[cod.pk]))
    data = _form_data(page, price="135.000", note="Giá mới 2027")
    Parameter.objects.filter(pk=cod.pk).update(price=125000, version=cod.version + 1)  # someone else saved
    response = manager.post(reverse("lab:parameter_edit", args=[cod.pk]), data)
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert response.context["form"]["note"].value() == "Giá mới 2027"
    assert Parameter.objects.get(pk=cod.pk).price == 125000
    fresh = manager.get(reverse("lab:parameter_edit", args=[cod.pk]))
    ok = manager.post(reverse("lab:parameter_edit", args=[cod.pk]), _form_data(fresh, price="135.000"))
    assert ok.status_code == 302
    assert Parameter.objects.get(pk=cod.pk).price == 135000


def test_a_matrix_cannot_be_taken_from_a_parameter_that_a_package_of_it_holds(manager, make_persona):
    from hoptac.lab import services_catalogue as services

    dw = Matrix.objects.get(code="domestic-wastewater")
    bod = Parameter.objects.get(code="BOD5")
    services.package_create(
        actor=make_persona("lab_manager"), matrix=dw, parameters=[bod], code="nts", name="Nước thải SH"
    )
    page = manager.get(reverse("lab:parameter_edit", args=[bod.pk]))
    data = _form_data(page)
    data["matrices"] = [m for m in data["matrices"] if m != str(dw.pk)]
    response = manager.post(reverse("lab:parameter_edit", args=[bod.pk]), data)
    assert response.status_code == 200
    assert "Nước thải SH" in " ".join(response.context["form"].errors["matrices"])
    assert bod.matrices.filter(pk=dw.pk).exists()


# --- matrices --------------------------------------------------------------------------------------------------------


def test_matrices_are_added_and_edited_and_a_stale_edit_is_refused(manager):
    response = manager.post(
        reverse("lab:matrix_create"),
        {"code": "bun-thai", "name": "Bùn thải", "name_en": "Sludge", "position": "8"},
    )
    assert response.status_code == 302
    sludge = Matrix.objects.get(code="bun-thai")
    duplicate = manager.post(
        reverse("lab:matrix_create"),
        {"code": "bun-thai", "name": "Bùn", "name_en": "Sludge", "position": "9"},
    )
    assert "code" in duplicate.context["form"].errors
    bad = manager.post(reverse("lab:matrix_create"), {"code": "Bùn thải!", "name": "", "name_en": "x"})
    assert {"code", "name"} <= set(bad.context["form"].errors)
    page = manager.get(reverse("lab:matrix_edit", args=[sludge.pk]))
    Matrix.objects.filter(pk=sludge.pk).update(name="Bùn thải công nghiệp")  # someone else saved meanwhile
    stale = manager.post(
        reverse("lab:matrix_edit", args=[sludge.pk]), _form_data(page, name_en="Sewage sludge")
    )
    assert stale.status_code == 409 and STALE in stale.content.decode()
    assert Matrix.objects.get(pk=sludge.pk).name_en == "Sludge"
    fresh = manager.get(reverse("lab:matrix_edit", args=[sludge.pk]))
    ok = manager.post(
        reverse("lab:matrix_edit", args=[sludge.pk]), _form_data(fresh, name_en="Sewage sludge")
    )
    assert ok.status_code == 302
    assert Matrix.objects.get(pk=sludge.pk).name_en == "Sewage sludge"


# --- packages -------------------------------------------------------------------------------------------------------


def _codes(*codes):
    return [str(Parameter.objects.get(code=c).pk) for c in codes]


def test_a_package_takes_parameters_of_its_matrix_and_is_priced_as_their_sum(manager):
    url = reverse("lab:package_create") + "?nen_mau=domestic-wastewater"
    response = manager.post(
        url,
        {"code": "nts-b", "name": "Nước thải sinh hoạt — cột B", "parameters": _codes("pH", "BOD5", "TSS"),
         "active": "on", "position": "1"},
    )  # fmt: skip
    assert response.status_code == 302, _errors(response)
    package = Package.objects.get(code="nts-b")
    assert package.matrix.code == "domestic-wastewater"
    expected = sum(Parameter.objects.get(code=c).price for c in ("pH", "BOD5", "TSS"))
    listing = manager.get(reverse("lab:package_list")).content.decode()
    assert f"{int(expected):,}".replace(",", ".") + " ₫" in listing
    assert 'font-monospace">BOD5' in listing


def test_a_parameter_not_offered_for_the_matrix_is_refused_in_words(manager):
    url = reverse("lab:package_create") + "?nen_mau=drinking-water"
    # Not offered for drinking water in the shipped catalogue.
    foreign = Parameter.objects.exclude(matrices__code="drinking-water").first()
    response = manager.post(
        url, {"code": "nsh", "name": "Nước sạch", "parameters": _codes("pH", foreign.code)}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["parameters"])
    assert f"Chỉ tiêu {foreign.code} không thuộc danh mục của nền mẫu “Nước sạch, nước uống”" in errors
    assert not Package.objects.filter(code="nsh").exists()
    empty = manager.post(url, {"code": "nsh", "name": "Nước sạch"})
    assert "Hãy chọn ít nhất một chỉ tiêu." in empty.context["form"].errors["parameters"]


def test_a_stale_package_edit_is_refused(manager, make_persona):
    from hoptac.lab import services_catalogue as services

    package = services.package_create(
        actor=make_persona("lab_manager"),
        matrix=Matrix.objects.get(code="domestic-wastewater"),
        parameters=[Parameter.objects.get(code="pH")],
        code="nts",
        name="Nước thải",
    )
    page = manager.get(reverse("lab:package_edit", args=[package.pk]))
    Package.objects.filter(pk=package.pk).update(version=package.version + 1)
    response = manager.post(
        reverse("lab:package_edit", args=[package.pk]), _form_data(page, parameters=_codes("pH", "BOD5"))
    )
    assert response.status_code == 409 and STALE in response.content.decode()
    assert list(package.parameters.values_list("code", flat=True)) == ["pH"]


# --- regulations -------------------------------------------------------------------------------------------------------


def _regulation_post(**changes):
    data = {
        "code": "QCVN 40:2025/BTNMT",
        "title": "Quy chuẩn kỹ thuật quốc gia về nước thải công nghiệp",
        "issuing_body": "Bộ Tài nguyên và Môi trường",
        "effective_date": "01/09/2025",
        "source": "Thông tư 06/2025/TT-BTNMT",
        "confidence": "M",
        "note": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_manager_adds_a_regulation_with_a_vietnamese_date(manager):
    response = manager.post(reverse("lab:regulation_create"), _regulation_post())
    assert response.status_code == 302, _errors(response)
    created = Regulation.objects.get(code="QCVN 40:2025/BTNMT")
    assert created.effective_date.isoformat() == "2025-09-01"
    assert "01/09/2025" in manager.get(reverse("lab:regulation_list")).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "bắt buộc"),
        ({"effective_date": "2025-13-45"}, "effective_date", "dd/mm/yyyy"),
        ({"effective_date": "32/01/2025"}, "effective_date", "dd/mm/yyyy"),
        ({"code": "Q" * 61}, "code", "60"),
        ({"code": "QCVN 14:2008/BTNMT"}, "code", "đã tồn tại"),
        ({"confidence": "X"}, "confidence", "lựa chọn"),
    ],
)
def test_a_bad_regulation_is_refused(manager, changes, field, message):
    response = manager.post(reverse("lab:regulation_create"), _regulation_post(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])


def test_a_regulation_cannot_supersede_itself_or_close_a_cycle(manager):
    old = Regulation.objects.get(code="QCVN 14:2008/BTNMT")
    new = Regulation.objects.get(code="QCVN 14:2025/BTNMT")
    assert old.superseded_by_id == new.pk
    page = manager.get(reverse("lab:regulation_edit", args=[new.pk]))
    itself = manager.post(
        reverse("lab:regulation_edit", args=[new.pk]), _form_data(page, superseded_by=str(new.pk))
    )
    assert "Một quy chuẩn không thể thay thế chính nó." in itself.context["form"].errors["superseded_by"]
    cycle = manager.post(
        reverse("lab:regulation_edit", args=[new.pk]), _form_data(page, superseded_by=str(old.pk))
    )
    assert cycle.status_code == 200
    message = " ".join(cycle.context["form"].errors["superseded_by"])
    assert "QCVN 14:2008/BTNMT đã được QCVN 14:2025/BTNMT thay thế" in message
    assert Regulation.objects.get(pk=new.pk).superseded_by_id is None
    # A longer cycle: 08:2023 → 14:2008 → 14:2025 → 08:2023.
    q08 = Regulation.objects.get(code="QCVN 08:2023/BTNMT")
    Regulation.objects.filter(pk=q08.pk).update(superseded_by=old)
    longer = manager.post(
        reverse("lab:regulation_edit", args=[new.pk]), _form_data(page, superseded_by=str(q08.pk))
    )
    assert "thay thế lẫn nhau" in " ".join(longer.context["form"].errors["superseded_by"])
    # The list offers the others, never itself.
    assert str(new.pk) not in [
        str(value) for value, _label in page.context["form"].fields["superseded_by"].widget.choices
    ]


def test_a_superseded_regulation_carries_a_warning_badge(manager):
    listing = manager.get(reverse("lab:regulation_list")).content.decode()
    assert "Đã được thay thế bởi QCVN 14:2025/BTNMT" in listing
    old = Regulation.objects.get(code="QCVN 14:2008/BTNMT")
    detail = manager.get(reverse("lab:regulation_detail", args=[old.pk])).content.decode()
    assert 'data-testid="superseded-warning"' in detail


def test_a_stale_regulation_edit_is_refused(manager):
    q01 = Regulation.objects.get(code="QCVN 01-1:2018/BYT")
    page = manager.get(reverse("lab:regulation_edit", args=[q01.pk]))
    Regulation.objects.filter(pk=q01.pk).update(version=q01.version + 1, note="Ghi chú của người khác")
    response = manager.post(reverse("lab:regulation_edit", args=[q01.pk]), _form_data(page, note="Của tôi"))
    assert response.status_code == 409 and STALE in response.content.decode()
    assert Regulation.objects.get(pk=q01.pk).note == "Ghi chú của người khác"


# --- limit sets, classes, limits ---------------------------------------------------------------------------------------


def _judge(*args) -> dict:
    out, err = StringIO(), StringIO()
    call_command("lab_judge", *map(str, args), "--json", stdout=out, stderr=err)
    return json.loads(out.getvalue())


def _new_regulation(manager) -> Regulation:
    manager.post(reverse("lab:regulation_create"), _regulation_post())
    return Regulation.objects.get(code="QCVN 40:2025/BTNMT")


def _add_set(manager, regulation, **changes) -> LimitSet:
    data = {"name": "B", "description": "Cột B", "kind": "limits", "coefficient_name": "K", "source": "TT 06/2025",
            "confidence": "M", "note": "", "position": "2"}  # fmt: skip
    data.update(changes)
    response = manager.post(reverse("lab:limit_set_create", args=[regulation.pk]), data)
    assert response.status_code == 302, _errors(response)
    return regulation.limit_sets.get(name=data["name"])


def _limit_post(code: str, /, **changes) -> dict:
    data = {"parameter": str(Parameter.objects.get(code=code).pk), "unit": "", "note": ""}
    data.update(changes)
    return data


def test_a_regulation_added_through_the_screens_is_judged_by_lab_judge(manager):
    regulation = _new_regulation(manager)
    limits = _add_set(manager, regulation)
    url = reverse("lab:limit_create", args=[limits.pk])
    assert manager.post(url, _limit_post("BOD5", bounds="≤ 50", coefficient_applies="on")).status_code == 302
    assert manager.post(url, _limit_post("pH", bounds="5,5 ÷ 9")).status_code == 302
    assert manager.post(url, _limit_post("COLIFORM", bounds="<3")).status_code == 302
    assert manager.post(url, _limit_post("DO", bounds=">= 6")).status_code == 302
    code = regulation.code
    assert _judge(code, "B", "BOD5", "55", "--k", "1.2") == {"verdict": "pass", "limit": "60", "class": None}
    assert _judge(code, "B", "BOD5", "61", "--k", "1,2") == {
        "verdict": "exceed",
        "limit": "60",
        "class": None,
    }
    assert _judge(code, "B", "pH", "9,5", "--k", "2") == {
        "verdict": "exceed",
        "limit": "5.5-9",
        "class": None,
    }
    assert _judge(code, "B", "COLIFORM", "3") == {"verdict": "exceed", "limit": "<3", "class": None}
    assert _judge(code, "B", "DO", "5") == {"verdict": "below_minimum", "limit": ">=6", "class": None}

    graded = _add_set(manager, regulation, name="Bảng 2", kind="classes", coefficient_name="")
    response = manager.post(
        reverse("lab:limit_classes", args=[graded.pk]),
        {
            "version": graded.version,
            "label_0": "A",
            "description_0": "Tốt nhất",
            "label_1": "B",
            "label_2": "C",
        },
    )
    assert response.status_code == 302, _errors(response)
    classes = {c.label: c for c in graded.classes.all()}
    assert [c.label for c in graded.classes.order_by("position")] == ["A", "B", "C"]
    response = manager.post(
        reverse("lab:limit_create", args=[graded.pk]),
        _limit_post(
            "pH",
            **{
                f"class_{classes['A'].pk}": "6,5–8,5",
                f"class_{classes['B'].pk}": "6-8.5",
                f"class_{classes['C'].pk}": "< 6 hoặc > 8,5",
            },
        ),
    )
    assert response.status_code == 302, _errors(response)
    manager.post(
        reverse("lab:limit_create", args=[graded.pk]),
        _limit_post("DO", **{f"class_{classes['A'].pk}": "≥ 6", f"class_{classes['B'].pk}": "≥ 5"}),
    )
    assert _judge(code, "Bảng 2", "pH", "7") == {"verdict": "graded", "limit": "6.5-8.5", "class": "A"}
    assert _judge(code, "bang 2", "pH", "9") == {"verdict": "graded", "limit": ">8.5", "class": "C"}
    assert _judge(code, "Bảng 2", "DO", "5,5") == {"verdict": "graded", "limit": ">=5", "class": "B"}
    # Class C of DO decided by no number: a value below B's minimum is undetermined.
    assert _judge(code, "Bảng 2", "DO", "4") == {"verdict": "undetermined", "limit": None, "class": None}
    detail = manager.get(reverse("lab:regulation_detail", args=[regulation.pk])).content.decode()
    assert "&lt; 6 hoặc &gt; 8,5" in detail and "5,5–9" in detail and "≤ 50" in detail


def test_the_limit_editor_shows_what_it_reads_for_every_shipped_limit(manager):
    """Opening and saving any shipped limit unchanged keeps its intervals exactly (the editor round-trips)."""
    for limit in Limit.objects.select_related("limit_set").all():
        before = list(
            limit.intervals.values_list(
                "limit_class_id", "lower", "lower_inclusive", "upper", "upper_inclusive"
            )
        )
        page = manager.get(reverse("lab:limit_edit", args=[limit.pk]))
        response = manager.post(reverse("lab:limit_edit", args=[limit.pk]), _form_data(page))
        assert response.status_code == 302, (limit, response.context and response.context["form"].errors)
        after = list(
            limit.intervals.values_list(
                "limit_class_id", "lower", "lower_inclusive", "upper", "upper_inclusive"
            )
        )
        assert after == before, limit


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"bounds": "năm mươi"}, "bounds", "Không đọc được giới hạn “năm mươi”"),
        ({"bounds": "9-5"}, "bounds", "cận dưới phải nhỏ hơn cận trên"),
        ({"bounds": "< 6 hoặc > 8,5"}, "bounds", "chỉ có một khoảng"),
        ({"bounds": "≤ 1.000"}, "bounds", "có thể là số có dấu phân cách hàng nghìn hoặc số thập phân"),
        ({"bounds": "x" * 201}, "bounds", "200"),
        ({"unit": "µg/L", "bounds": "≤ 50"}, "unit", "khác đơn vị của chỉ tiêu"),
        ({"unit": "m" * 41, "bounds": "≤ 50"}, "unit", "40"),
        ({"parameter": ""}, "parameter", "bắt buộc"),
        ({"parameter": "abc"}, "parameter", "lựa chọn"),
    ],
)
def test_a_bad_limit_is_refused_in_words(manager, changes, field, message):
    regulation = _new_regulation(manager)
    limits = _add_set(manager, regulation)
    response = manager.post(reverse("lab:limit_create", args=[limits.pk]), _limit_post("BOD5", **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field]), response.context["form"].errors
    assert not limits.limits.exists()


def test_a_parameter_already_in_the_set_is_not_offered_again(manager):
    regulation = _new_regulation(manager)
    limits = _add_set(manager, regulation)
    manager.post(reverse("lab:limit_create", args=[limits.pk]), _limit_post("BOD5", bounds="50"))
    again = manager.post(reverse("lab:limit_create", args=[limits.pk]), _limit_post("BOD5", bounds="60"))
    assert "parameter" in again.context["form"].errors
    assert limits.limits.get().intervals.get().upper == 50


def test_saving_a_limit_replaces_its_intervals_and_a_stale_edit_is_refused(manager):
    regulation = _new_regulation(manager)
    limits = _add_set(manager, regulation)
    manager.post(reverse("lab:limit_create", args=[limits.pk]), _limit_post("BOD5", bounds="≤ 50"))
    limit = limits.limits.get()
    page = manager.get(reverse("lab:limit_edit", args=[limit.pk]))
    assert page.context["form"]["bounds"].value() == "≤ 50"
    ok = manager.post(reverse("lab:limit_edit", args=[limit.pk]), _form_data(page, bounds="< 40"))
    assert ok.status_code == 302
    interval = LimitInterval.objects.get(limit=limit)
    assert (interval.upper, interval.upper_inclusive) == (40, False)
    stale = manager.post(reverse("lab:limit_edit", args=[limit.pk]), _form_data(page, bounds="≤ 45"))
    assert stale.status_code == 409 and STALE in stale.content.decode()
    assert stale.context["form"]["bounds"].value() == "≤ 45"  # what was typed is shown back
    assert LimitInterval.objects.get(limit=limit).upper == 40
    # Emptied: the number no longer decides (the judge answers undetermined).
    fresh = manager.get(reverse("lab:limit_edit", args=[limit.pk]))
    manager.post(
        reverse("lab:limit_edit", args=[limit.pk]), _form_data(fresh, bounds="", note="Theo giấy phép")
    )
    assert not LimitInterval.objects.filter(limit=limit).exists()
    assert _judge(regulation.code, "B", "BOD5", "10")["verdict"] == "undetermined"


def test_a_limit_is_removed_from_a_set(manager):
    regulation = _new_regulation(manager)
    limits = _add_set(manager, regulation)
    manager.post(reverse("lab:limit_create", args=[limits.pk]), _limit_post("BOD5", bounds="≤ 50"))
    limit = limits.limits.get()
    stale = manager.post(reverse("lab:limit_delete", args=[limit.pk]), {"version": limit.version + 1})
    assert stale.status_code == 302 and Limit.objects.filter(pk=limit.pk).exists()
    manager.post(reverse("lab:limit_delete", args=[limit.pk]), {"version": limit.version})
    assert not Limit.objects.filter(pk=limit.pk).exists()


def test_a_limit_set_keeps_its_kind_once_it_has_limits_and_its_coefficient_while_applied(manager):
    regulation = _new_regulation(manager)
    limits = _add_set(manager, regulation)
    manager.post(
        reverse("lab:limit_create", args=[limits.pk]),
        _limit_post("BOD5", bounds="50", coefficient_applies="on"),
    )
    page = manager.get(reverse("lab:limit_set_edit", args=[limits.pk]))
    kind = manager.post(reverse("lab:limit_set_edit", args=[limits.pk]), _form_data(page, kind="classes"))
    assert "không đổi được loại" in " ".join(kind.context["form"].errors["kind"])
    k = manager.post(reverse("lab:limit_set_edit", args=[limits.pk]), _form_data(page, coefficient_name=""))
    assert "Còn chỉ tiêu áp dụng hệ số" in " ".join(k.context["form"].errors["coefficient_name"])
    duplicate = manager.post(
        reverse("lab:limit_set_create", args=[regulation.pk]),
        {"name": "B", "kind": "limits", "position": "1"},
    )
    assert duplicate.status_code == 200 and "đã" in _errors(duplicate)
    no_kind = manager.post(reverse("lab:limit_set_create", args=[regulation.pk]), {"name": "C", "kind": "x"})
    assert "kind" in no_kind.context["form"].errors
    LimitSet.objects.filter(pk=limits.pk).update(version=limits.version + 5)
    stale = manager.post(
        reverse("lab:limit_set_edit", args=[limits.pk]), _form_data(page, description="Cột B mới")
    )
    assert stale.status_code == 409 and STALE in stale.content.decode()


def test_classes_are_renamed_added_and_removed_only_when_empty(manager):
    regulation = _new_regulation(manager)
    graded = _add_set(manager, regulation, name="Bảng 2", kind="classes", coefficient_name="")
    url = reverse("lab:limit_classes", args=[graded.pk])
    manager.post(url, {"version": graded.version, "label_0": "A", "label_1": "B", "label_2": "D"})
    graded.refresh_from_db()
    a, _b, d = graded.classes.order_by("position")
    manager.post(
        reverse("lab:limit_create", args=[graded.pk]),
        _limit_post("COD", **{f"class_{a.pk}": "≤ 10", f"class_{d.pk}": "> 20"}),
    )
    page = manager.get(url)
    # Rename D to C and add D after it: D's limits stay with the renamed class.
    renamed = manager.post(url, _form_data(page, label_2="C", label_3="D"))
    assert renamed.status_code == 302, _errors(renamed)
    assert [(c.label, c.position) for c in graded.classes.order_by("position")] == [
        ("A", 1), ("B", 2), ("C", 3), ("D", 4)
    ]  # fmt: skip
    assert LimitInterval.objects.get(limit_class__label="C", limit__limit_set=graded).lower == 20
    page = manager.get(url)
    refused = manager.post(url, _form_data(page, label_0=""))
    assert "Hạng A còn giới hạn" in _errors(refused)
    twice = manager.post(url, _form_data(page, label_1="A"))
    assert "Hạng A bị lặp." in _errors(twice)
    removed = manager.post(url, _form_data(page, label_3=""))
    assert removed.status_code == 302
    assert [c.label for c in graded.classes.order_by("position")] == ["A", "B", "C"]
    stale = manager.post(url, _form_data(page, label_1="B1"))
    assert stale.status_code == 409 and STALE in stale.content.decode()


def test_a_pass_fail_set_has_no_classes_page(manager):
    q14 = Regulation.objects.get(code="QCVN 14:2008/BTNMT")
    response = manager.get(reverse("lab:limit_classes", args=[q14.limit_sets.get(name="B").pk]))
    assert response.status_code == 302


# --- who sees what ---------------------------------------------------------------------------------------------------


def test_readers_see_read_only_pages_and_keepers_the_edit_buttons(client_as):
    q14 = Regulation.objects.get(code="QCVN 14:2008/BTNMT")
    for name in ("lab_analyst", "institute_expert"):
        page = client_as(name).get(reverse("lab:regulation_detail", args=[q14.pk])).content.decode()
        assert "≤ 50" in page and 'data-testid="limit-create"' not in page and "/sua/" not in page
        listing = client_as(name).get(reverse("lab:parameter_list")).content.decode()
        assert "/sua/" not in listing and 'data-testid="parameter-create"' not in listing
    for name in ("lab_manager", "system_admin"):
        page = client_as(name).get(reverse("lab:regulation_detail", args=[q14.pk])).content.decode()
        assert 'data-testid="limit-create"' in page
    assert client_as("cooperative_rep").get(reverse("lab:regulation_list")).status_code == 404


def test_a_reader_posting_to_a_service_is_refused():
    from hoptac.core.errors import DomainError
    from hoptac.core.testing.personas import create_persona_user
    from hoptac.lab import services_catalogue as services

    analyst = create_persona_user("lab_analyst")
    with pytest.raises(DomainError) as refused:
        services.matrix_create(actor=analyst, code="x", name="X", name_en="X")
    assert refused.value.code == "forbidden"


# --- queries ---------------------------------------------------------------------------------------------------------


def _counter():
    return iter(range(1, 10_000))


def test_list_pages_cost_the_same_queries_for_5_and_50_rows(manager, make_persona):
    from hoptac.core.testing.queries import assert_constant_queries
    from hoptac.lab import services_catalogue as services

    actor = make_persona("lab_manager")
    matrix = Matrix.objects.get(code="surface-water")
    numbers = _counter()

    def parameters(n):
        for _ in range(n):
            i = next(numbers)
            services.parameter_create(
                actor=actor, code=f"P{i}", name=f"Chỉ tiêu {i}", name_en=f"P {i}", method="TCVN", price=1000,
                turnaround_days=3, matrices=[matrix],
            )  # fmt: skip

    def packages(n):
        offered = list(Parameter.objects.filter(matrices=matrix)[:3])
        for _ in range(n):
            i = next(numbers)
            services.package_create(
                actor=actor, matrix=matrix, parameters=offered, code=f"g{i}", name=f"Gói {i}"
            )

    def regulations(n):
        successor = Regulation.objects.get(code="QCVN 14:2025/BTNMT")
        for _ in range(n):
            i = next(numbers)
            services.regulation_create(
                actor=actor, code=f"QCVN {i}:2030", title="T", issuing_body="B", source="S", confidence="L",
                superseded_by=successor,
            )  # fmt: skip

    def matrices(n):
        for _ in range(n):
            i = next(numbers)
            services.matrix_create(actor=actor, code=f"m{i}", name=f"Nền {i}", name_en=f"M {i}")

    def limits(n):
        regulation = Regulation.objects.get(code="QCVN 14:2025/BTNMT")
        limit_set = LimitSet.objects.create(regulation=regulation, name=f"S{next(numbers)}", kind="classes")
        for position in (1, 2):
            LimitClass.objects.create(limit_set=limit_set, label=str(position), position=position)
        parameters(n)
        for p in Parameter.objects.filter(code__startswith="P").exclude(
            limits__limit_set__regulation=regulation
        ):
            limit = Limit.objects.create(limit_set=limit_set, parameter=p)
            for k in limit_set.classes.all():
                LimitInterval.objects.create(limit=limit, limit_class=k, upper=Decimal(k.position))

    pages = [
        (reverse("lab:parameter_list") + "?nen_mau=surface-water", parameters),
        (reverse("lab:package_list"), packages),
        (reverse("lab:regulation_list"), regulations),
        (reverse("lab:matrix_list"), matrices),
    ]
    for url, add in pages:
        assert_constant_queries(lambda url=url: manager.get(url), add, budget=20)
    detail = reverse("lab:regulation_detail", args=[Regulation.objects.get(code="QCVN 14:2025/BTNMT").pk])
    assert_constant_queries(lambda: manager.get(detail), limits, budget=20)


def test_a_parameter_keeps_the_unit_its_limits_are_written_in(manager):
    bod = Parameter.objects.get(code="BOD5")
    page = manager.get(reverse("lab:parameter_edit", args=[bod.pk]))
    response = manager.post(reverse("lab:parameter_edit", args=[bod.pk]), _form_data(page, unit="µg/L"))
    assert response.status_code == 200
    assert "QCVN 14:2008/BTNMT A" in " ".join(response.context["form"].errors["unit"])
    same = manager.post(reverse("lab:parameter_edit", args=[bod.pk]), _form_data(page, unit="mg/l"))
    assert same.status_code == 302  # the same unit written differently
