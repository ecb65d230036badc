"""One import view class: each register configures ImportViews; its five URLs keep their names and paths."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from renda.core.importing import ImportViews


def _views(**overrides) -> ImportViews:
    values: dict[str, Any] = {
        "kind": "thing",
        "title": "导入东西",
        "register": "东西",
        "namespace": "things",
        "columns": list,
        "run": print,
        "task": None,
        "template_workbook": bytes,
        "export_workbook": bytes,
        "can_import": bool,
        "can_export": bool,
    }
    return ImportViews(**(values | overrides))


def test_urls_and_page_names_follow_the_prefix():
    views = _views(name_prefix="thing_")
    assert [(str(p.pattern), p.name) for p in views.urls("things/")] == [
        ("things/import/", "thing_import"),
        ("things/import/<int:job_id>/", "thing_import_job"),
        ("things/import/<int:job_id>/errors.xlsx", "thing_import_errors"),
        ("things/import/template.xlsx", "thing_import_template"),
        ("things/export.xlsx", "thing_export"),
    ]
    page = views.page
    assert (page.import_url, page.job_url, page.errors_url) == (
        "things:thing_import",
        "things:thing_import_job",
        "things:thing_import_errors",
    )
    assert (page.template_url, page.export_url, page.list_url) == (
        "things:thing_import_template",
        "things:thing_export",
        "things:thing_list",
    )


def test_the_registers_keep_their_urls():
    assert [
        reverse("deputies:import"),
        reverse("deputies:import_job", args=[5]),
        reverse("deputies:import_errors", args=[5]),
        reverse("deputies:import_template"),
        reverse("deputies:export"),
    ] == [
        "/deputies/import/",
        "/deputies/import/5/",
        "/deputies/import/5/errors.xlsx",
        "/deputies/import/template.xlsx",
        "/deputies/export.xlsx",
    ]
    assert [
        reverse("organization:unit_import"),
        reverse("organization:unit_import_job", args=[5]),
        reverse("organization:unit_import_errors", args=[5]),
        reverse("organization:unit_import_template"),
        reverse("organization:unit_export"),
    ] == [
        "/org/units/import/",
        "/org/units/import/5/",
        "/org/units/import/5/errors.xlsx",
        "/org/units/import/template.xlsx",
        "/org/units/export.xlsx",
    ]


def test_anonymous_users_go_to_the_login_page(client):
    for url in (
        "/deputies/import/",
        "/deputies/import/5/",
        "/org/units/import/5/errors.xlsx",
        "/org/units/export.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"].lower()
