"""Every test-report URL × every persona. Samples belong to the representative's own cooperative (Đắk Lắk) unless
the note says Cà Mau; each probe builds its own sample through the real services.

Issuing, amending and abandoning an amendment answer like the sample page's other actions: 302 (done, back to the sample page) for the lab
manager, 403 with the refusal in words for the others who see the sample, 404 for the rest. The verification pages
are public: every visitor, logged in or not, gets 200."""

from hoptac.core.testing.matrix import Expect, everyone, only

from .role_matrix_screens import READERS, SEE_OWN, acts


def _verified(ctx):
    from .report_builders import verified_sample

    return {"pk": verified_sample(ctx.make_persona).pk}


def _reported(ctx, **options):
    from .report_builders import reported_sample

    if options.pop("camau", False):
        from hoptac.registry.tests.personas import OTHER_TAX_CODE, cooperative

        options["coop"] = cooperative(OTHER_TAX_CODE)
    return reported_sample(ctx.make_persona, **options)


def _reported_sample_pk(ctx):
    return {"pk": _reported(ctx)[0].pk}


def _report_pk(**options):
    return lambda ctx: {"pk": _reported(ctx, **options)[1].pk}


def _amending_sample_pk(ctx):
    from hoptac.lab import reports

    sample = _reported(ctx)[0]
    reports.start_amendment(actor=ctx.make_persona("lab_manager"), sample=sample, reason="Sai nơi lấy mẫu")
    return {"pk": sample.pk}


def _code(ctx):
    return {"code": _reported(ctx)[1].verification_code}


ROLE_MATRIX = [
    Expect("lab:report_issue", acts("lab_manager"), kwargs=_verified, method="POST"),
    Expect(
        "lab:amendment_start",
        acts("lab_manager"),
        kwargs=_reported_sample_pk,
        method="POST",
        data={"reason": "Sai nơi lấy mẫu"},
    ),
    Expect(
        "lab:amendment_abandon",
        acts("lab_manager"),
        kwargs=_amending_sample_pk,
        method="POST",
        data={"reason": "Bắt đầu sửa đổi nhầm mẫu"},
    ),
    Expect("lab:report_pdf", only(*SEE_OWN), kwargs=_report_pk()),
    Expect("lab:report_pdf", only(*READERS), kwargs=_report_pk(camau=True), note="Cà Mau"),
    Expect("lab:sample_label", only(*READERS), kwargs=_verified),
    Expect("lab:report_verify_form", everyone(200)),
    Expect("lab:report_verify", everyone(200), kwargs=_code),
]
