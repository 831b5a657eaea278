"""PLACEHOLDER — replaced by the preparation part."""

from django.http import HttpResponse

from hoptac.party.access import party_view


@party_view
def congress_list(request):
    return HttpResponse("TODO")
