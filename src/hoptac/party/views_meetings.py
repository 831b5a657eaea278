"""PLACEHOLDER — replaced by the meetings part."""

from django.http import HttpResponse

from .access import party_view


@party_view
def meeting_list(request):
    return HttpResponse("TODO")


@party_view
def notice_list(request):
    return HttpResponse("TODO")
