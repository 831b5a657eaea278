"""The count's screens, for the congress's counting committee only (anyone else — the cell's secretary included,
when not on that committee — gets 404): the elections to count, the keyboard-first entry screen (htmx swaps the
screen; without JavaScript a plain POST and redirect), one ballot's readings, the journal of entries, closing the
count. Views parse, call one service or selector, and render; a refusal comes back on the form with its reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hoptac.core.pagination import paginate
from hoptac.core.permissions import VIEW, restrict
from hoptac.core.views_helpers import attempt
from hoptac.party.access import party_view
from hoptac.party.context import party_context

from . import rules
from . import selectors_counting as selectors
from . import services_counting as services
from .choices import ElectionState, EntryState
from .forms_counting import BallotEntryForm, CloseCountForm
from .models import Congress

SECTION = "congress"


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def _status(form, error) -> int:
    if not form.errors:
        return 200
    return 409 if error is not None else 400


def _election(request, pk: int):
    return selectors.election_get(user=request.user, cell=request.party_cell, pk=pk)


def _entry_url(election) -> str:
    return reverse("congress:count_entry", args=[election.pk])


# --- the elections to count -------------------------------------------------------------------------------------


@party_view
@require_GET
def count_list(request):
    congresses = selectors.counter_congresses(request.user)
    on_committee = restrict(
        Congress.objects.filter(cell=request.party_cell, pk__in=congresses), request.user, VIEW
    )
    if not congresses or not on_committee.exists():
        raise Http404
    elections = selectors.counting_elections(user=request.user, cell=request.party_cell)
    return render(
        request, "congress/counting/list.html", party_context(request, SECTION, elections=elections)
    )


# --- the entry screen -----------------------------------------------------------------------------------------


def _entry_form(election, names, *, data=None, number=None):
    return BallotEntryForm(data, election=election, candidates=names, initial={"number": number})


def _requested_number(request) -> int | None:
    value = request.GET.get("so", "")
    return int(value) if value.isdigit() and 1 <= int(value) <= services.MAX_BALLOT_NUMBER else None


def _screen_page(request, election, *, form=None, saved=None, status=200):
    screen = selectors.screen(election=election, user=request.user)
    if form is None and election.state == ElectionState.VOTING and election.style:
        form = _entry_form(
            election, screen.candidates, number=_requested_number(request) or screen.next_number
        )
    context = party_context(
        request,
        SECTION,
        screen=screen,
        election=election,
        form=form,
        saved=saved,
        is_voting=election.state == ElectionState.VOTING,
        is_closed=election.state == ElectionState.CLOSED,
        double_entry=election.congress.double_entry,
        results=selectors.results(election, request.user),
        needed=rules.votes_needed(election.summoned) if election.summoned else None,
        returned=(election.valid or 0) + (election.invalid or 0),
        reason_labels=selectors.INVALID_REASON_LABELS,
    )
    template = "congress/counting/_screen.html" if _htmx(request) else "congress/counting/entry.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@party_view
def count_entry(request, pk: int):
    """GET: the screen, the next ballot's number prefilled (``?so=N`` to read ballot N again). POST: one reading."""
    election = _election(request, pk)
    if request.method != "POST":
        return _screen_page(request, election)
    names = selectors.candidates(election, request.user)
    if not election.style:
        raise Http404
    form = _entry_form(election, names, data=request.POST)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        entry, error = attempt(
            form,
            services.ballot_enter,
            actor=request.user,
            election=election,
            number=data["number"],
            marks=form.marks(),
            stamped=not data["unstamped"],
            names_added=data["names_added"],
        )
        if entry is not None:
            if _htmx(request):
                return _screen_page(request, election, saved=entry)
            messages.success(request, _saved_message(entry))
            return redirect(_entry_url(election))
    return _screen_page(request, election, form=form, status=_status(form, error))


def _saved_message(entry) -> str:
    ballot = entry.ballot
    if ballot.state == EntryState.ACCEPTED:
        text = _("Đã lưu phiếu số %(number)s (lần nhập %(reading)s): khớp, phiếu được chấp nhận.")
    elif ballot.state == EntryState.MISMATCH:
        text = _("Đã lưu phiếu số %(number)s (lần nhập %(reading)s): KHÔNG KHỚP với lần nhập trước.")
    else:
        text = _("Đã lưu phiếu số %(number)s (lần nhập %(reading)s): chờ thành viên khác nhập lần hai.")
    return text % {"number": ballot.number, "reading": entry.reading}


# --- one ballot, the journal ----------------------------------------------------------------------------------


@party_view
@require_GET
def count_ballot(request, pk: int, number: int):
    """One ballot's readings side by side — once a second reading exists (never a lone first reading)."""
    election = _election(request, pk)
    ballot = selectors.ballot_get(election=election, user=request.user, number=number)
    names = selectors.candidates(election, request.user)
    entries = list(ballot.entries.all())
    show_marks = ballot.state != EntryState.PENDING
    rows = []
    if show_marks:
        rows.append((_("Có dấu của Ban Kiểm phiếu"), [selectors.yes_no(e.stamped) for e in entries]))
        rows.append((_("Có ghi thêm tên"), [selectors.yes_no(e.names_added) for e in entries]))
        for index, candidate in enumerate(names, start=1):
            rows.append(
                (
                    f"{index}. {candidate.member.full_name}",
                    [selectors.mark_label(election.style, e.marks, candidate.pk) for e in entries],
                )
            )
    context = party_context(
        request,
        SECTION,
        election=election,
        ballot=ballot,
        entries=entries,
        rows=rows,
        show_marks=show_marks,
        is_voting=election.state == ElectionState.VOTING,
    )
    return render(request, "congress/counting/ballot.html", context)


@party_view
@require_GET
def count_journal(request, pk: int):
    election = _election(request, pk)
    page = paginate(request, selectors.journal(election=election, user=request.user))
    return render(
        request,
        "congress/counting/journal.html",
        party_context(request, SECTION, election=election, page=page),
    )


# --- closing the count ----------------------------------------------------------------------------------------


@party_view
def count_close(request, pk: int):
    election = _election(request, pk)
    if election.state != ElectionState.VOTING:
        return redirect(_entry_url(election))
    form = CloseCountForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closed, error = attempt(
            form,
            services.count_close,
            actor=request.user,
            election=election,
            issued=data["issued"],
            not_returned=data["not_returned"],
        )
        if closed is not None:
            messages.success(request, _("Đã kết thúc kiểm phiếu “%(election)s”.") % {"election": closed})
            return redirect(_entry_url(closed))
    context = party_context(
        request,
        SECTION,
        election=election,
        form=form,
        preview=services.count_preview(election),
        head=services.counting_head(election.congress_id),
    )
    return render(request, "congress/counting/close.html", context, status=_status(form, error))
