"""Every sample screen × every persona. Samples belong to the representative's own cooperative (Đắk Lắk) unless
the note says Cà Mau; each probe builds its own sample, so one persona's action never changes what the next finds.

A POST action answers: 302 (done, back to the sample page) for the roles that do it; 403 with the page and the
refusal in words for others who see the sample (staff, the cooperative's own representative); 404 for the rest.
"""

from hoptac.core.testing.matrix import LOGIN_REDIRECT, Expect, only
from hoptac.core.testing.personas import ANONYMOUS, persona_names

READERS = (
    "system_admin",
    "institute_leader",
    "lab_analyst",
    "lab_reviewer",
    "lab_manager",
)
SEE_OWN = (*READERS, "cooperative_rep")
# The sample list: an institute expert lists the samples of the requests assigned to them or their unit.
LISTERS = (*SEE_OWN, "institute_expert")
REGISTRARS = ("institute_leader", "lab_manager")


def acts(*doers: str, seers=SEE_OWN) -> dict[str, int]:
    """302 for the doers, 403 for the others who see the sample, 404 for the rest, log-in for the anonymous."""
    expected = {}
    for name in persona_names():
        if name == ANONYMOUS:
            expected[name] = LOGIN_REDIRECT
        elif name in doers:
            expected[name] = 302
        elif name in seers:
            expected[name] = 403
        else:
            expected[name] = 404
    return expected


def _manager(ctx):
    return ctx.make_persona("lab_manager")


def _registered(ctx, **options):
    from .builders import camau_cooperative, registered

    if options.pop("camau", False):
        options["coop"] = camau_cooperative()
    return registered(_manager(ctx), "pH", "BOD5", **options)


def _pk(**options):
    return lambda ctx: {"pk": _registered(ctx, **options).pk}


def _assigned_pk(ctx):
    from hoptac.support.choices import Category, State
    from hoptac.support.tests.builders import make_request

    request = make_request(
        created_by=ctx.make_persona("cooperative_rep"),
        state=State.ASSIGNED,
        category=Category.QUALITY_TESTING,
        assignee=ctx.make_persona("institute_expert"),
    )
    return {"pk": _registered(ctx, support_request=request).pk}


def _received_pk(ctx):
    from .builders import received

    return {"pk": received(_manager(ctx), "pH", "BOD5").pk}


def _result_to_enter(ctx):
    from .builders import received, sample_parameter

    sample = received(_manager(ctx), "pH", "BOD5")
    return {"pk": sample.pk, "sp_pk": sample_parameter(sample, "BOD5").pk}


def _result_to_review(ctx):
    from .builders import sample_parameter, with_results

    sample = with_results(_manager(ctx), ctx.make_persona("lab_analyst"), {"pH": "7", "BOD5": "40"})
    sp = sample_parameter(sample, "BOD5")
    ctx.seen_entered_at = sp.result.entered_at.isoformat()  # what the reviewer's page showed (data below)
    return {"pk": sample.pk, "sp_pk": sp.pk}


def _seen(**data):
    return lambda ctx: {"entered_at": ctx.seen_entered_at, **data}


def _limit_set(ctx):
    from .builders import limit_set

    return {"limit_set": limit_set().pk, "coefficient": "1,2"}


ROLE_MATRIX = [
    Expect("lab:sample_list", only(*LISTERS)),
    Expect("lab:sample_list", only(*LISTERS), data={"xem": "qua-han", "q": "MT"}, note="overdue tab, search"),
    Expect("lab:sample_create", only(*REGISTRARS)),
    Expect("lab:cooperative_search", only(*REGISTRARS), data={"cooperative_text": "Ea Tu"}),
    Expect("lab:batch_entry", only("lab_analyst")),
    Expect("lab:batch_verify", only("lab_reviewer")),
    Expect("lab:sample_detail", only(*SEE_OWN), kwargs=_pk(), note="Đắk Lắk, the representative's own"),
    Expect("lab:sample_detail", only(*READERS), kwargs=_pk(camau=True), note="Cà Mau"),
    Expect(
        "lab:sample_detail",
        only(*SEE_OWN, "institute_expert"),
        kwargs=_assigned_pk,
        note="from a quality-testing request assigned to the expert",
    ),
    Expect(
        "lab:sample_receive",
        acts("lab_analyst", "lab_reviewer", "lab_manager"),
        kwargs=_pk(),
        method="POST",
        data={"condition": "intact"},
    ),
    Expect(
        "lab:sample_receive",
        acts("lab_analyst", "lab_reviewer", "lab_manager", seers=READERS),
        kwargs=_pk(camau=True),
        method="POST",
        data={"condition": "intact"},
        note="Cà Mau",
    ),
    Expect(
        "lab:sample_apply_regulation",
        acts("institute_leader", "lab_reviewer", "lab_manager"),
        kwargs=_received_pk,
        method="POST",
        data=_limit_set,
    ),
    Expect(
        "lab:sample_cancel", acts(*REGISTRARS), kwargs=_pk(), method="POST", data={"reason": "Mẫu bị đổ vỡ"}
    ),
    Expect(
        "lab:sample_payment",
        acts(*REGISTRARS),
        kwargs=_pk(),
        method="POST",
        data={"status": "paid", "reference": "PT-2026-001"},
    ),
    Expect(
        "lab:sample_correct",
        acts(*REGISTRARS),
        kwargs=_pk(),
        method="POST",
        data={
            "sampling_place": "Cửa xả sau bể lắng, trại heo",
            "sampler": "Y Nuê",
            "reason": "Ghi nhầm nơi lấy",
        },
    ),
    Expect(
        "lab:result_enter",
        acts("lab_analyst"),
        kwargs=_result_to_enter,
        method="POST",
        data={"value": "12,5"},
    ),
    Expect("lab:result_verify", acts("lab_reviewer"), kwargs=_result_to_review, method="POST", data=_seen()),
    Expect(
        "lab:result_return",
        acts("lab_reviewer"),
        kwargs=_result_to_review,
        method="POST",
        data=_seen(reason="Nghi nhập nhầm"),
    ),
]
