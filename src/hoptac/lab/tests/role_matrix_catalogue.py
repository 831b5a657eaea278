"""Every catalogue and regulation URL × every persona: the institute's roles and the lab read (lists, the
regulation page), the lab manager and the system administrator change; everyone else gets 404. Each write probe
builds or re-reads what it changes, so one persona's save never changes what the next one finds."""

from hoptac.core.testing.matrix import Expect, only

READERS = (
    "system_admin",
    "institute_leader",
    "institute_expert",
    "lab_analyst",
    "lab_reviewer",
    "lab_manager",
)
KEEPERS = ("system_admin", "lab_manager")


def _regulation(code="QCVN 14:2008/BTNMT"):
    from hoptac.lab.models import Regulation

    return Regulation.objects.get(code=code)


def _pk_of(model_name, **lookup):
    def build(ctx):
        from django.apps import apps

        return {"pk": apps.get_model("lab", model_name).objects.get(**lookup).pk}

    return build


def _graded_set(ctx):
    return {"pk": _regulation("QCVN 08:2023/BTNMT").limit_sets.get(name="Bảng 2").pk}


def _plain_set(ctx):
    return {"pk": _regulation().limit_sets.get(name="B").pk}


def _limit(ctx):
    return {"pk": _regulation().limit_sets.get(name="B").limits.get(parameter__code="BOD5").pk}


def _new_set(ctx, kind="limits"):
    from hoptac.lab.models import LimitSet

    name = f"Thử {ctx.user.username}"[:60]
    limit_set, _created = LimitSet.objects.get_or_create(
        regulation=_regulation(), name=name, defaults={"kind": kind, "coefficient_name": "K"}
    )
    return limit_set


def _new_limit(ctx):
    from hoptac.lab.models import Limit, Parameter

    limit, _created = Limit.objects.get_or_create(
        limit_set=_new_set(ctx), parameter=Parameter.objects.get(code="BOD5"), defaults={"unit": "mg/L"}
    )
    return {"pk": limit.pk}


def _package(ctx):
    from hoptac.lab.models import Matrix, Package, PackageParameter, Parameter

    matrix = Matrix.objects.get(code="domestic-wastewater")
    package, created = Package.objects.get_or_create(
        code="nts-b", defaults={"name": "Nước thải sinh hoạt", "matrix": matrix}
    )
    if created:
        PackageParameter.objects.create(package=package, parameter=Parameter.objects.get(code="pH"))
    return {"pk": package.pk}


def _parameter_data(ctx):
    return {"code": f"T-{ctx.user.pk}", "name": "Thử", "name_en": "Test", "unit": "mg/L", "method": "TCVN",
            "price": "10.000", "turnaround_days": "3"}  # fmt: skip


def _regulation_data(ctx):
    regulation = _regulation("QCVN 01-1:2018/BYT")
    return {"code": regulation.code, "title": regulation.title, "issuing_body": regulation.issuing_body,
            "source": regulation.source, "confidence": regulation.confidence, "note": f"Sửa bởi {ctx.user.pk}",
            "version": regulation.version}  # fmt: skip


def _matrix_data(ctx):
    from hoptac.lab.forms_catalogue import matrix_fingerprint
    from hoptac.lab.models import Matrix

    matrix = Matrix.objects.get(code="soil")
    return {"code": "soil", "name": matrix.name, "name_en": f"Soil {ctx.user.pk}", "position": matrix.position,
            "fingerprint": matrix_fingerprint(matrix)}  # fmt: skip


def _package_data(ctx):
    from hoptac.lab.models import Parameter

    return {"nen_mau": "domestic-wastewater", "code": f"goi-{ctx.user.pk}", "name": "Gói thử",
            "parameters": [Parameter.objects.get(code="pH").pk], "active": "on"}  # fmt: skip


def _limit_data(ctx):
    from hoptac.lab.models import Parameter

    return {"parameter": Parameter.objects.get(code="COD").pk, "bounds": "≤ 100", "unit": ""}


def _new_plain_set(ctx):
    return {"pk": _new_set(ctx).pk}


def _new_graded_set(ctx):
    from hoptac.lab.models import LimitSet

    limit_set, _created = LimitSet.objects.get_or_create(
        regulation=_regulation(), name=f"Hạng {ctx.user.username}"[:60], defaults={"kind": "classes"}
    )
    return {"pk": limit_set.pk}


def _classes_data(ctx):
    from hoptac.lab.models import LimitSet

    limit_set = LimitSet.objects.get(pk=_new_graded_set(ctx)["pk"])
    return {"version": limit_set.version, "label_0": "A", "label_1": "B"}


def _limit_edit_data(ctx):
    from hoptac.lab.models import Limit

    limit = Limit.objects.get(pk=_limit(ctx)["pk"])
    return {"version": limit.version, "bounds": "≤ 50", "unit": "mg/L", "coefficient_applies": "on"}


def _limit_delete_data(ctx):
    return {"version": 1}


ROLE_MATRIX = [
    Expect("lab:matrix_list", only(*READERS)),
    Expect("lab:matrix_create", only(*KEEPERS)),
    Expect("lab:matrix_edit", only(*KEEPERS), kwargs=_pk_of("Matrix", code="soil")),
    Expect(
        "lab:matrix_edit",
        only(*KEEPERS, ok=302),
        kwargs=_pk_of("Matrix", code="soil"),
        method="POST",
        data=_matrix_data,
        note="save",
    ),
    Expect("lab:parameter_list", only(*READERS)),
    Expect("lab:parameter_list", only(*READERS), data={"nen_mau": "soil", "q": "ph"}, note="filtered"),
    Expect("lab:parameter_create", only(*KEEPERS)),
    Expect("lab:parameter_create", only(*KEEPERS, ok=302), method="POST", data=_parameter_data, note="save"),
    Expect("lab:parameter_edit", only(*KEEPERS), kwargs=_pk_of("Parameter", code="COD")),
    Expect("lab:package_list", only(*READERS)),
    Expect("lab:package_create", only(*KEEPERS), note="choose the matrix"),
    Expect(
        "lab:package_create", only(*KEEPERS), data={"nen_mau": "surface-water"}, note="a matrix's parameters"
    ),
    Expect("lab:package_create", only(*KEEPERS, ok=302), method="POST", data=_package_data, note="save"),
    Expect("lab:package_edit", only(*KEEPERS), kwargs=_package),
    Expect("lab:regulation_list", only(*READERS)),
    Expect("lab:regulation_create", only(*KEEPERS)),
    Expect("lab:regulation_detail", only(*READERS), kwargs=lambda ctx: {"pk": _regulation().pk}),
    Expect("lab:regulation_edit", only(*KEEPERS), kwargs=lambda ctx: {"pk": _regulation().pk}),
    Expect(
        "lab:regulation_edit",
        only(*KEEPERS, ok=302),
        kwargs=lambda ctx: {"pk": _regulation("QCVN 01-1:2018/BYT").pk},
        method="POST",
        data=_regulation_data,
        note="save",
    ),
    Expect("lab:limit_set_create", only(*KEEPERS), kwargs=lambda ctx: {"pk": _regulation().pk}),
    Expect("lab:limit_set_edit", only(*KEEPERS), kwargs=_plain_set),
    Expect("lab:limit_classes", only(*KEEPERS), kwargs=_graded_set),
    Expect(
        "lab:limit_classes",
        only(*KEEPERS, ok=302),
        kwargs=_new_graded_set,
        method="POST",
        data=_classes_data,
        note="save",
    ),
    Expect("lab:limit_create", only(*KEEPERS), kwargs=_graded_set),
    Expect(
        "lab:limit_create",
        only(*KEEPERS, ok=302),
        kwargs=_new_plain_set,
        method="POST",
        data=_limit_data,
        note="save",
    ),
    Expect("lab:limit_edit", only(*KEEPERS), kwargs=_limit),
    Expect(
        "lab:limit_edit",
        only(*KEEPERS, ok=302),
        kwargs=_limit,
        method="POST",
        data=_limit_edit_data,
        note="save",
    ),
    Expect(
        "lab:limit_delete", only(*KEEPERS, ok=302), kwargs=_new_limit, method="POST", data=_limit_delete_data
    ),
]
