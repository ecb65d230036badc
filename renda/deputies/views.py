"""Placeholder: replaced by the real views."""

from django.http import HttpResponse


def deputy_list(request, **kwargs):
    return HttpResponse("todo")


def deputy_detail(request, **kwargs):
    return HttpResponse("todo")


def deputy_profile(request, **kwargs):
    return HttpResponse("todo")
