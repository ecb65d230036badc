"""Placeholder: replaced by the real views."""

from django.http import HttpResponse


def roster_import(request, **kwargs):
    return HttpResponse("todo")


def roster_import_job(request, **kwargs):
    return HttpResponse("todo")


def roster_import_errors(request, **kwargs):
    return HttpResponse("todo")


def roster_template(request, **kwargs):
    return HttpResponse("todo")


def roster_export(request, **kwargs):
    return HttpResponse("todo")
