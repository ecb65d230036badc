"""Placeholder: replaced by the real views."""

from django.http import HttpResponse


def overview(request, **kwargs):
    return HttpResponse("todo")


def unit_list(request, **kwargs):
    return HttpResponse("todo")


def unit_detail(request, **kwargs):
    return HttpResponse("todo")
