"""Screens of administrative units: the 34 provinces, and one province with its communes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from . import selectors


@login_required
def province_list(request):
    provinces = selectors.province_list(user=request.user)
    return render(request, "places/province_list.html", {"provinces": provinces})


@login_required
def province_detail(request, code: str):
    province = selectors.province_get(user=request.user, code=code)
    query = request.GET.get("q", "").strip()[:100]
    communes = selectors.commune_list(user=request.user, province=province, query=query)
    context = {"province": province, "communes": communes, "query": query}
    # The search box asks for the table alone (htmx), so typing filters without reloading the page; without
    # JavaScript the same form submits normally and the whole page comes back.
    # htmx restoring the page from history asks for the whole page, though it also sends HX-Request.
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "places/_commune_table.html" if partial else "places/province_detail.html"
    response = render(request, template, context)
    # The same URL answers a fragment or a page; caches (and the back button) must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
