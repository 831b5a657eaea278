"""PLACEHOLDER — replaced by the fees part."""

from django.http import HttpResponse

from .access import party_view


@party_view
def fee_list(request):
    return HttpResponse("TODO")
