"""What the lab adds to other modules: the action on support requests (registered from LabConfig.ready).

``support`` never imports the lab; the lab registers "Tạo phiếu yêu cầu kiểm nghiệm" through
:mod:`hoptac.support.extensions`, and the request's page shows it where it applies.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hoptac.support.choices import Category, State

SAMPLE_ORDER = "lab.create_sample"

# The request's work has been accepted by the institute (assigned to someone, or under way): the center may take
# the sample. Before that the institute has not decided to help; after it, the work is done or refused.
WORK_ACCEPTED_STATES = frozenset({State.ASSIGNED, State.IN_PROGRESS})


def sample_order_url(request) -> str:
    """The sample order form, prefilled from the support request (its cooperative; the form checks it again)."""
    return reverse("lab:sample_create") + "?" + urlencode({"request": request.pk})


def sample_order_applies(user, request) -> bool:
    """A quality-testing request whose work was accepted, for someone who registers samples (lab manager or the
    institute's leader); the sample service checks both again when the order is saved."""
    from .services import REGISTRARS

    return (
        request.category == Category.QUALITY_TESTING
        and request.state in WORK_ACCEPTED_STATES
        and user.is_authenticated
        and user.has_role(*REGISTRARS)
    )


def register() -> None:
    from hoptac.support.extensions import RequestAction, register_action

    register_action(
        RequestAction(
            code=SAMPLE_ORDER,
            label=_("Tạo phiếu yêu cầu kiểm nghiệm"),
            url=sample_order_url,
            applies=sample_order_applies,
            icon="eyedropper",
        )
    )
