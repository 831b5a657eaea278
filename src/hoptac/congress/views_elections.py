"""The elections' screens: the ballots a congress holds, one election's candidate list (nominations,
withdrawals, opening the vote), the printable ballot paper, the results (only once the count is closed; then
further rounds, the appointment by the superior committee, the positions written to the new committee) and the
counting minutes as DOCX and PDF.

Views parse input, call one service or selector and render. Every view goes through ``party_view`` (the cell's
party roles see the elections, the lists and, once closed, the results); an action the person may not take
answers 404, as does another cell's election. A refused action comes back on its form with the Vietnamese
reason and nothing typed lost (409; 400 for a form that does not parse).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hoptac.accounts import roles
from hoptac.core.views_helpers import attempt
from hoptac.party.access import party_view
from hoptac.party.context import party_context

from . import ballot_paper, counting_minutes, rules
from . import selectors_elections as selectors
from . import services_elections as services
from .choices import CandidateSource, CongressState, ElectionState
from .forms_elections import DecisionForm, ElectionCreateForm, NominateForm, OpenForm, WithdrawForm
from .models import Candidate
from .selectors_congress import present_voters

SECTION = "congress"


def _status(error) -> int:
    return 400 if error is None else 409


def _detail_url(election) -> str:
    return reverse("congress:election_detail", args=[election.pk])


def _results_url(election) -> str:
    return reverse("congress:election_results", args=[election.pk])


def _election(request, pk: int):
    return selectors.election_get(user=request.user, pk=pk, cell=request.party_cell)


def _file(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the congress's ballots ----------------------------------------------------------------------------------


def _overview_page(request, congress, *, form=None, status=200):
    slots, full_count = selectors.congress_ballots(user=request.user, congress=congress)
    may_conduct = services.may_conduct(request.user, congress)
    missing = [slot.kind for slot in slots if not slot.rounds]
    if may_conduct and form is None and missing:
        form = ElectionCreateForm(kinds=missing, initial={"kind": missing[0], "seats": 1})
    context = party_context(
        request,
        SECTION,
        congress=congress,
        slots=slots,
        full_count=full_count,
        committee_path=selectors.committee_path(congress, full_count=full_count),
        threshold=rules.QD_190_COMMITTEE_MIN_FULL_MEMBERS,
        may_conduct=may_conduct,
        create_form=form if may_conduct and missing else None,
    )
    return render(request, "congress/elections/list.html", context, status=status)


@party_view
@require_GET
def congress_elections(request, pk: int):
    congress = selectors.congress_get(user=request.user, pk=pk, cell=request.party_cell)
    return _overview_page(request, congress)


@party_view
@require_POST
def election_create(request, pk: int):
    congress = selectors.congress_get(user=request.user, pk=pk, cell=request.party_cell)
    if not services.may_conduct(request.user, congress):
        raise Http404
    kinds = selectors.ballot_kinds(congress)
    form = ElectionCreateForm(request.POST, kinds=kinds)
    error = None
    if form.is_valid():
        election, error = attempt(
            form,
            services.election_create,
            actor=request.user,
            congress=congress,
            kind=form.cleaned_data["kind"],
            seats=form.cleaned_data["seats"],
        )
        if election is not None:
            messages.success(request, _("Đã tạo cuộc bầu. Hãy lập danh sách bầu cử."))
            return redirect(_detail_url(election))
    return _overview_page(request, congress, form=form, status=_status(error))


# --- one election's list ---------------------------------------------------------------------------------------


def _sources(request, congress) -> list[str]:
    sources = []
    if services.may_conduct(request.user, congress):
        sources.append(CandidateSource.CONVENING)
    if services.may_decide(request.user, congress):
        sources += [CandidateSource.SELF, CandidateSource.FLOOR]
    return sources


def _detail_page(request, election, *, nominate_form=None, open_form=None, withdraw_forms=None, status=200):
    congress = election.congress
    rows = selectors.candidates(election, user=request.user)
    active = [c for c in rows if not c.withdrawn]
    for c in active:
        c.withdraw_bound = (withdraw_forms or {}).get(c.pk)
    nominating = election.state == ElectionState.NOMINATING and not election.appointed_by_superior
    sources = _sources(request, congress) if nominating else []
    may_withdraw = nominating and (
        services.may_decide(request.user, congress)
        or (congress.state == CongressState.PREPARING and services.may_conduct(request.user, congress))
    )
    may_open = nominating and services.may_decide(request.user, congress)
    if sources and nominate_form is None:
        nominate_form = NominateForm(
            members=selectors.nominee_choices(election),
            sources=sources,
            present=present_voters(congress),
            initial={"source": sources[0]},
        )
    if may_open and open_form is None:
        open_form = OpenForm(initial={"list_decision": election.list_decision})
    count = len(active)
    context = party_context(
        request,
        SECTION,
        congress=congress,
        election=election,
        candidates=active,
        withdrawn=[c for c in rows if c.withdrawn],
        count=count,
        surplus=count - election.seats,
        max_surplus=rules.max_surplus(election.seats),
        problem=services.surplus_problem(election.seats, count),
        next_problem=services.surplus_problem(election.seats, count + 1) if nominating else None,
        tie_round=selectors.is_tie_round(election) if nominating else False,
        nominate_form=nominate_form if sources else None,
        open_form=open_form if may_open else None,
        may_withdraw=may_withdraw,
        ballot_ready=election.state != ElectionState.NOMINATING,
        closed=election.state == ElectionState.CLOSED,
        may_count=election.state == ElectionState.VOTING
        and election.congress_id in request.user.scope_ids(roles.CONGRESS_COUNTER),
    )
    return render(request, "congress/elections/detail.html", context, status=status)


@party_view
@require_GET
def election_detail(request, pk: int):
    return _detail_page(request, _election(request, pk))


@party_view
@require_POST
def candidate_nominate(request, pk: int):
    election = _election(request, pk)
    sources = _sources(request, election.congress)
    if not sources:
        raise Http404
    form = NominateForm(
        request.POST,
        members=selectors.nominee_choices(election),
        sources=sources,
        present=present_voters(election.congress),
    )
    error = None
    if form.is_valid():
        data = form.cleaned_data
        candidate, error = attempt(
            form,
            services.candidate_nominate,
            actor=request.user,
            election=election,
            member=data["member"],
            source=data["source"],
            approvals=data["approvals"],
            list_decision=data["list_decision"],
        )
        if candidate is not None:
            messages.success(
                request, _("Đã đưa đồng chí %(name)s vào danh sách.") % {"name": candidate.member.full_name}
            )
            return redirect(_detail_url(election))
    election.refresh_from_db()
    return _detail_page(request, election, nominate_form=form, status=_status(error))


@party_view
@require_POST
def candidate_withdraw(request, pk: int, candidate: int):
    election = _election(request, pk)
    congress = election.congress
    if not (
        services.may_decide(request.user, congress)
        or (congress.state == CongressState.PREPARING and services.may_conduct(request.user, congress))
    ):
        raise Http404
    try:
        row = Candidate.objects.select_related("member").get(election=election, pk=candidate)
    except Candidate.DoesNotExist as exc:
        raise Http404 from exc
    form = WithdrawForm(request.POST, auto_id=False)
    error = None
    if form.is_valid():
        done, error = attempt(
            form,
            services.candidate_withdraw,
            actor=request.user,
            candidate=row,
            decision=form.cleaned_data["decision"],
        )
        if done is not None:
            messages.success(
                request, _("Đồng chí %(name)s đã rút khỏi danh sách.") % {"name": row.member.full_name}
            )
            return redirect(_detail_url(election))
    return _detail_page(request, election, withdraw_forms={row.pk: form}, status=_status(error))


@party_view
@require_POST
def election_open(request, pk: int):
    election = _election(request, pk)
    if not services.may_decide(request.user, election.congress):
        raise Http404
    form = OpenForm(request.POST)
    error = None
    if form.is_valid():
        opened, error = attempt(
            form,
            services.election_open,
            actor=request.user,
            election=election,
            ordering=form.cleaned_data["ordering"],
            list_decision=form.cleaned_data["list_decision"],
        )
        if opened is not None:
            messages.success(request, _("Đã chốt danh sách và bắt đầu bỏ phiếu. Hãy in phiếu bầu."))
            return redirect(_detail_url(election))
    election.refresh_from_db()
    return _detail_page(request, election, open_form=form, status=_status(error))


@party_view
@require_GET
def ballot_pdf(request, pk: int):
    election = _election(request, pk)
    if election.state == ElectionState.NOMINATING or election.appointed_by_superior:
        raise Http404  # the list is not frozen yet: no ballot to print
    return _file(ballot_paper.pdf_bytes(election), "application/pdf", ballot_paper.filename(election))


# --- results ----------------------------------------------------------------------------------------------------


def _results_page(request, election, *, form=None, status=200):
    congress = election.congress
    results = selectors.election_results(election)
    may_decide = services.may_decide(request.user, congress)
    pending = selectors.results_pending(election) if results else []
    context = party_context(
        request,
        SECTION,
        congress=congress,
        election=election,
        results=results,
        invalid_rows=[
            (selectors.INVALID_REASON_LABELS[reason], results.invalid_by_reason.get(str(reason), 0))
            for reason in selectors.INVALID_REASON_LABELS
        ]
        if results
        else [],
        needed=(election.summoned or 0) // 2 + 1,
        may_next_round=bool(results and results.next_round_offered and may_decide),
        may_appoint=bool(results and results.appointment_due and results.next_round is None and may_decide),
        may_apply=bool(pending and (may_decide or services.is_cell_committee(request.user, congress))),
        pending=pending,
        form=form or DecisionForm(),
    )
    return render(request, "congress/elections/results.html", context, status=status)


@party_view
@require_GET
def election_results(request, pk: int):
    return _results_page(request, _election(request, pk))


def _decision_action(request, pk: int, service, success: str):
    election = _election(request, pk)
    if not services.may_decide(request.user, election.congress):
        raise Http404
    form = DecisionForm(request.POST)
    error = None
    if form.is_valid():
        created, error = attempt(
            form, service, actor=request.user, election=election, decision=form.cleaned_data["decision"]
        )
        if created is not None:
            messages.success(request, success)
            return redirect(_detail_url(created))
    return _results_page(request, election, form=form, status=_status(error))


@party_view
@require_POST
def election_next_round(request, pk: int):
    return _decision_action(
        request,
        pk,
        services.election_next_round,
        _("Đã tạo lần bầu tiếp theo với những người trong danh sách."),
    )


@party_view
@require_POST
def election_appoint(request, pk: int):
    return _decision_action(
        request, pk, services.election_appoint_by_superior, _("Đã ghi nhận: cấp ủy cấp trên chỉ định bí thư.")
    )


@party_view
@require_POST
def election_apply(request, pk: int):
    election = _election(request, pk)
    congress = election.congress
    if not (
        services.may_decide(request.user, congress) or services.is_cell_committee(request.user, congress)
    ):
        raise Http404
    form = DecisionForm()
    written, error = attempt(form, services.election_apply_results, actor=request.user, election=election)
    if written is not None:
        messages.success(
            request, _("Đã ghi người trúng cử vào chi ủy nhiệm kỳ %(term)s.") % {"term": congress.term.name}
        )
        return redirect(_results_url(election))
    return _results_page(request, election, form=form, status=_status(error))


def _minutes(request, pk: int, extension: str):
    election = _election(request, pk)
    if election.state != ElectionState.CLOSED:
        raise Http404  # no minutes before the count closes
    if extension == "docx":
        body = counting_minutes.docx_bytes(election)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body = counting_minutes.pdf_bytes(election)
        content_type = "application/pdf"
    return _file(body, content_type, counting_minutes.filename(election, extension))


@party_view
@require_GET
def minutes_docx(request, pk: int):
    return _minutes(request, pk, "docx")


@party_view
@require_GET
def minutes_pdf(request, pk: int):
    return _minutes(request, pk, "pdf")
