"""Placeholder: replaced by the real views."""

from django.http import HttpResponse


def unit_import(request, **kwargs):
    return HttpResponse("todo")


def unit_import_job(request, **kwargs):
    return HttpResponse("todo")


def unit_import_errors(request, **kwargs):
    return HttpResponse("todo")


def unit_template(request, **kwargs):
    return HttpResponse("todo")


def unit_export(request, **kwargs):
    return HttpResponse("todo")
