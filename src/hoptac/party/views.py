"""The party module's home page and the cell's page (terms, committee, rules)."""

from __future__ import annotations

from django.shortcuts import render

from .access import party_view
from .context import party_context


@party_view
def home(request):
    return render(request, "party/home.html", party_context(request, "home"))


@party_view
def cell_detail(request):
    return render(request, "party/home.html", party_context(request, "cell"))
