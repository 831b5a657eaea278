"""Shell pages: home per role, global search, change history of any object, health check, error pages."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from . import search
from .audit import history_of, is_tracked
from .permissions import HISTORY, get_visible_or_404

HOPTAC_APP_PREFIX = "hoptac."


@login_required
def home(request):
    from hoptac.accounts.selectors import assignments_of

    from .home import panels_for

    assignments = assignments_of(user=request.user, target=request.user)
    return render(request, "core/home.html", {"assignments": assignments, "panels": panels_for(request.user)})


@login_required
def global_search(request):
    query = request.GET.get("q", "").strip()[:100]
    groups = search.search_all(request.user, query)
    template = "core/_search_results.html" if request.headers.get("HX-Request") else "core/search.html"
    return render(
        request,
        template,
        {"query": query, "groups": groups, "too_short": 0 < len(query) < search.MIN_QUERY_LENGTH},
    )


@login_required
def history(request, app_label: str, model_name: str, pk: int):
    """The change history of one object, for whoever may see the object (404 for everyone else)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    if not model.__module__.startswith(HOPTAC_APP_PREFIX) or not is_tracked(model):
        raise Http404
    obj = get_visible_or_404(model._default_manager.all(), request.user, HISTORY, pk=pk)
    entries = history_of(obj)
    template = "core/_history.html" if request.headers.get("HX-Request") else "core/history.html"
    return render(
        request, template, {"object": obj, "entries": entries, "model_name": model._meta.verbose_name}
    )


def health(request):
    """For load balancers and monitoring: the app answers and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """An expired or foreign form: a Vietnamese explanation instead of Django's English page (CSP-clean)."""
    return render(request, "403_csrf.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # Rendered without the request's context processors: the failure may be the database they query.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.render_to_string("500.html"))
