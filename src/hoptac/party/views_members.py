"""PLACEHOLDER — replaced by the members part."""

from django.http import HttpResponse

from .access import committee_view, party_view


@committee_view
def member_list(request):
    return HttpResponse("TODO")


@party_view
def my_record(request):
    return HttpResponse("TODO")


@committee_view
def admission_list(request):
    return HttpResponse("TODO")
