"""PLACEHOLDER — replaced by the evaluation part."""

from django.http import HttpResponse

from .access import party_view


@party_view
def evaluation_list(request):
    return HttpResponse("TODO")


@party_view
def target_list(request):
    return HttpResponse("TODO")
