"""Notification screens: the list, opening one (marks it read, then goes where it leads), marking all read,
and the bell fragment the top bar refreshes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .kinds import all_kinds


@login_required
@require_GET
def notification_list(request):
    page = selectors.notification_page(user=request.user, before=request.GET.get("truoc"))
    return render(request, "notifications/notification_list.html", {"page": page, "kinds": all_kinds()})


@login_required
@require_GET
def notification_open(request, pk: int):
    """Mark the notification read and go to its page. Only a path on this site is followed: the stored URL is
    checked when written and again here, so a notification can never send anyone to another site."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    if not services.is_local_url(notification.url):
        return redirect("notifications:list")
    return redirect(notification.url)


@login_required
@require_POST
def notification_mark_all_read(request):
    up_to = selectors.parse_id(request.POST.get("up_to"))
    count = services.notification_mark_all_read(actor=request.user, up_to=up_to)
    if count:
        messages.success(
            request,
            ngettext(
                "Đã đánh dấu %(count)s thông báo là đã đọc.",
                "Đã đánh dấu %(count)s thông báo là đã đọc.",
                count,
            )
            % {"count": count},
        )
    return redirect("notifications:list")


@login_required
@require_GET
def notification_bell(request):
    """The bell alone, for the top bar's periodic refresh (htmx)."""
    return render(request, "notifications/_bell.html")
