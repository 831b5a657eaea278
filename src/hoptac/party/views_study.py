"""PLACEHOLDER — replaced by the study part."""

from django.http import HttpResponse

from .access import committee_view, party_view


@party_view
def directive_list(request):
    return HttpResponse("TODO")


@committee_view
def supervision_list(request):
    return HttpResponse("TODO")


@committee_view
def residence_list(request):
    return HttpResponse("TODO")
