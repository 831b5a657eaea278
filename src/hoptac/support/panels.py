"""What the support app shows on other pages: the main menu entry, the home panel "Việc của tôi", and the
requests panel of a cooperative's page. Each reads through ``selectors``, so it shows only what the user may see.
"""

from __future__ import annotations

from django.urls import reverse

from . import selectors
from .choices import State


def home_context(user) -> dict | None:
    counts = selectors.my_work_counts(user=user)
    return {
        "counts": [(state, State(state).label, n) for state, n in counts.items()],
        "total": sum(counts.values()),
        "list_url": reverse("support:request_list"),
    }


def cooperative_context(user, cooperative) -> dict | None:
    from .rules import may_create_for

    requests = list(selectors.requests_of_cooperative(user=user, cooperative=cooperative))
    may_create = may_create_for(user, cooperative)
    if not requests and not may_create:
        return None
    return {
        "requests": requests,
        "may_create": may_create,
        "create_url": f"{reverse('support:request_create')}?hop_tac_xa={cooperative.pk}",
    }
