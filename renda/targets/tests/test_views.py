"""The targets' pages and API by role (a user never sees or does what the role forbids), the page drawing
exactly the available actions, the import page's error table, the ranking, bulletin and dashboard pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renda.core import spine
from renda.core.roles import Role
from renda.targets import imports, services, views
from renda.targets.models import Order, Report, Target
from renda.targets.tests import scenario
from tests.factories import HandlingUnitFactory
from tests.matrix import check_matrix

pytestmark = pytest.mark.django_db

READ_ALL = {Role.STAFF: 200, Role.LEADER: 200, Role.AUDITOR: 200, Role.ADMIN: 200}


@pytest.fixture
def setup(role_users):
    """T1 and T2 led by the role users' unit (T1 a work-report target), T3 by another unit (the plan)."""
    own = role_users[Role.UNIT_HANDLER].roles.get().unit
    other = HandlingUnitFactory(name="市交通运输局")
    staff = role_users[Role.STAFF]
    t1, t2, t3 = scenario.year_of_targets(staff, [own, other])
    Target.objects.filter(pk=t2.pk).update(lead_unit=own)
    return {"staff": staff, "own": own, "t1": t1, "t3": t3}


def test_pages_by_role(client, role_users, setup):
    t1, t3 = setup["t1"], setup["t3"]
    everyone = {r: 200 for r in Role} | {"anonymous": 302}
    check_matrix(client, role_users, reverse("targets:tree"), everyone)
    managers = {r: 403 for r in Role} | {Role.STAFF: 200, Role.ADMIN: 200, "anonymous": 302}
    check_matrix(client, role_users, reverse("targets:import"), managers)
    check_matrix(client, role_users, reverse("targets:export") + f"?year={t1.year.year}", managers)
    rankers = (
        {r: 403 for r in Role} | READ_ALL | {Role.UNIT_HANDLER: 200, Role.UNIT_LEADER: 200, "anonymous": 302}
    )
    check_matrix(client, role_users, reverse("targets:ranking") + f"?year={t1.year.year}", rankers)
    check_matrix(client, role_users, reverse("targets:bulletin") + f"?year={t1.year.year}", rankers)
    leaders = {r: 403 for r in Role} | READ_ALL | {"anonymous": 302}
    check_matrix(client, role_users, reverse("targets:dashboard") + f"?year={t1.year.year}", leaders)
    # a work-report target: the deputy reads it; the plan's target of another unit: only the readers of all
    own = (
        {r: 404 for r in Role} | READ_ALL | {Role.UNIT_HANDLER: 200, Role.UNIT_LEADER: 200, Role.DEPUTY: 200}
    )
    check_matrix(client, role_users, reverse("targets:detail", args=[t1.pk]), own | {"anonymous": 302})
    others = {r: 404 for r in Role} | READ_ALL
    check_matrix(client, role_users, reverse("targets:detail", args=[t3.pk]), others | {"anonymous": 302})


def test_report_action_by_role(client, role_users, setup):
    t1 = setup["t1"]
    month = timezone.localdate().replace(day=1)
    data = {"report-month": f"{month:%Y-%m}", "report-value": "120", "report-note": "推进中"}
    expect = {r: 403 for r in Role} | {
        Role.STAFF: 302,
        Role.ADMIN: 302,
        Role.UNIT_HANDLER: 302,
        Role.UNIT_LEADER: 302,
        Role.STATION_KEEPER: 404,
        "anonymous": 302,
    }
    check_matrix(
        client,
        role_users,
        reverse("targets:action", args=[t1.pk, "report"]),
        expect,
        method="post",
        data=data,
    )
    assert Report.objects.filter(target=t1).count() == 1  # four allowed posts, one report of the month


def test_buttons_are_exactly_the_available_actions(client, role_users, setup):
    for target in (setup["t1"], setup["t3"]):
        for role in Role:
            user = role_users[role]
            client.force_login(user)
            response = client.get(reverse("targets:detail", args=[target.pk]))
            if not Target.objects.restrict(user).filter(pk=target.pk).exists():
                assert response.status_code == 404
                continue
            page = response.content.decode()
            drawn = {a for a in views.MENU.names() if f'data-testid="action-{a}"' in page}
            assert drawn == set(spine.available_actions(user, target)), (role, target.code)


def test_import_page_shows_errors_by_row_and_column(client, role_users, setup):
    client.force_login(role_users[Role.STAFF])
    bad = scenario.sheet([scenario.row("N1", setup["own"].name, **{"开始日期": "2026-13-01"})])
    response = client.post(reverse("targets:import"), {"year": 2030, "upload": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="import-error"' in page and "<td>2</td><td>开始日期</td>" in page
    assert not Target.objects.filter(year__year=2030).exists()
    good = scenario.sheet([scenario.row("N1", setup["own"].name)])
    response = client.post(reverse("targets:import"), {"year": 2030, "upload": good})
    assert response.status_code == 302 and Target.objects.filter(year__year=2030).count() == 1


def test_order_answer_page(client, role_users, setup):
    t1 = setup["t1"]
    staff = setup["staff"]
    order = services.order_issue(
        actor=staff, target_id=t1.pk, request="加快进度", due=timezone.localdate() + dt.timedelta(days=5)
    )
    client.force_login(role_users[Role.UNIT_LEADER])
    page = client.get(reverse("targets:orders")).content.decode()
    assert order.number in page and 'data-testid="answer-submit"' in page
    client.force_login(role_users[Role.AUDITOR])
    assert 'data-testid="answer-submit"' not in client.get(reverse("targets:orders")).content.decode()
    response = client.post(reverse("targets:order_answer", args=[order.pk]), {"answer": "不该"})
    assert response.status_code == 403
    client.force_login(role_users[Role.UNIT_LEADER])
    client.post(reverse("targets:order_answer", args=[order.pk]), {"answer": "已加快"})
    order.refresh_from_db()
    assert (order.status, order.answer) == ("answered", "已加快")
    client.force_login(role_users[Role.LEADER])
    page = client.get(reverse("targets:dashboard") + f"?year={t1.year.year}").content.decode()
    assert t1.title in page and 'data-testid="behind-row"' in page


def test_api_by_role(client, role_users, setup):
    t1, t3 = setup["t1"], setup["t3"]
    readers = (
        {r: 404 for r in Role} | READ_ALL | {Role.UNIT_HANDLER: 200, Role.UNIT_LEADER: 200, Role.DEPUTY: 200}
    )
    check_matrix(client, role_users, f"/api/targets/targets/{t1.pk}", readers | {"anonymous": 401})
    others = {r: 404 for r in Role} | READ_ALL
    check_matrix(client, role_users, f"/api/targets/targets/{t3.pk}", others | {"anonymous": 401})
    client.force_login(role_users[Role.DEPUTY])
    codes = [t["code"] for t in client.get(f"/api/targets/targets?year={t1.year.year}").json()["items"]]
    assert codes == ["T1", "T2"]  # the work report's targets only
    client.force_login(role_users[Role.UNIT_HANDLER])
    month = timezone.localdate().replace(day=1).isoformat()
    response = client.post(
        f"/api/targets/targets/{t1.pk}/reports",
        {"month": month, "value": "130", "note": "x"},
        content_type="application/json",
    )
    assert response.status_code == 201 and Decimal(response.json()["value"]) == 130
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(
        f"/api/targets/targets/{t1.pk}/orders", {"request": "x", "due": due}, content_type="application/json"
    )
    assert response.status_code == 403
    ranking = client.get(f"/api/targets/ranking?year={t1.year.year}").json()
    assert [r["unit_id"] for r in ranking] == [setup["own"].pk, t3.lead_unit_id]
    assert ranking[0]["targets"][0]["lines"][0]["item"] == "completion"
    assert client.get(f"/api/targets/ranking?year={t1.year.year}&period=1999").status_code == 400
    client.force_login(role_users[Role.DEPUTY])
    assert client.get(f"/api/targets/ranking?year={t1.year.year}").status_code == 403
    assert Order.objects.count() == 0


def test_tree_ranking_and_dashboard_queries_do_not_grow_with_targets(client, role_users, setup):
    year = setup["t1"].year.year
    urls = [
        reverse("targets:tree") + f"?year={year}",
        reverse("targets:dashboard") + f"?year={year}",
        reverse("targets:ranking") + f"?year={year}",
    ]
    client.force_login(role_users[Role.LEADER])

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    before = counts()
    rows = [scenario.row(f"M{i}", setup["own"].name) for i in range(6)]
    imports.targets_import(actor=setup["staff"], year=year, upload=scenario.sheet(rows))
    month = timezone.localdate().replace(day=1)
    for target in Target.objects.filter(code__startswith="M"):
        services.report_progress(
            actor=setup["staff"], target_id=target.pk, month=month, value="120", note="x"
        )
    assert counts() == before


def test_year_settings_page(client, role_users, setup):
    year = setup["t1"].year
    url = reverse("targets:year") + f"?year={year.year}"
    managers = {r: 403 for r in Role} | {Role.STAFF: 200, Role.ADMIN: 200, "anonymous": 302}
    check_matrix(client, role_users, url, managers)
    client.force_login(role_users[Role.STAFF])
    data = {
        "year": year.year,
        "report_day": 10,
        "tolerance": "0.05",
        "exceed_rate": "0.5",
        "exceed_cap": "0.1",
        "late_report": "1",
        "overdue_order": "1",
        "finding": "2",
        "award": "1",
        "deduction_cap": "1",
    }
    assert client.post(url, data | {"tolerance": "2"}).status_code == 400  # over 1: refused, nothing changed
    year.refresh_from_db()
    assert year.tolerance == Decimal("0.10") and year.rules.late_report == Decimal("0.5")
    assert client.post(url, data).status_code == 302
    year.refresh_from_db()
    assert (year.report_day, year.tolerance, year.rules.late_report) == (10, Decimal("0.05"), Decimal(1))


def _pdf(name: str, size: int) -> SimpleUploadedFile:
    head = b"%PDF-1.4\n"
    return SimpleUploadedFile(name, head + b"0" * (size - len(head)), content_type="application/pdf")


def test_evidence_up_to_the_attachment_cap_through_the_report_page(client, role_users, setup):
    """Evidence is held to the attachment cap (20 MB, RENDA_TARGET_EVIDENCE_MAX_BYTES), and the report
    page's request body to that cap + 1 MB: a 12 MB PDF is taken (it was refused by an 8 MB cap), a PDF
    one byte over 20 MB is refused by name and nothing is saved, a larger body is answered 413 unread;
    content is checked (an executable named .pdf is refused)."""
    from renda.core import uploads

    t1 = setup["t1"]
    url = reverse("targets:action", args=[t1.pk, "report"])
    assert uploads.body_cap(url) == 21 * uploads.MB
    assert uploads.body_cap(reverse("targets:detail", args=[t1.pk])) == 10 * uploads.MB
    client.force_login(role_users[Role.UNIT_HANDLER])
    month = timezone.localdate().replace(day=1)
    data = {"report-month": f"{month:%Y-%m}", "report-value": "120", "report-note": "推进中"}

    over = client.post(url, data | {"report-evidence": _pdf("over.pdf", 20 * uploads.MB + 1)})
    assert over.status_code == 400
    assert "over.pdf" in over.content.decode() and "20 MB" in over.content.decode()
    exe = SimpleUploadedFile("run.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    refused = client.post(url, data | {"report-evidence": exe})
    assert refused.status_code == 400 and "run.pdf" in refused.content.decode()
    assert not Report.objects.exists()

    under = client.post(url, data | {"report-evidence": _pdf("under.pdf", 12 * uploads.MB)})
    assert under.status_code == 302
    report = Report.objects.get(target=t1)
    assert report.evidence_name == "under.pdf" and report.evidence.size == 12 * uploads.MB

    too_long = client.generic(
        "POST", url, b"x", content_type="multipart/form-data; boundary=b", CONTENT_LENGTH=str(22 * uploads.MB)
    )
    assert too_long.status_code == 413


def test_trend_charts_on_the_target_and_unit_pages(client, role_users, setup):
    """The target's page and its lead unit's page draw a trend chart (SVG, titled and described) with the
    same figures as a table; the unit page is for those who see the ranking."""
    t1, own = setup["t1"], setup["own"]
    month = timezone.localdate().replace(day=1)
    services.report_progress(actor=setup["staff"], target_id=t1.pk, month=month, value="150", note="过半")
    client.force_login(role_users[Role.DEPUTY])
    page = client.get(reverse("targets:detail", args=[t1.pk])).content.decode()
    assert 'data-testid="trend-chart"' in page and '<title id="target-trend-title">' in page
    assert 'data-testid="trend-table"' in page and f'<th scope="row">{month:%Y-%m}</th>' in page
    assert "50.0" in page  # 150 of 100 → 200: half way
    url = reverse("targets:unit", args=[own.pk]) + f"?year={t1.year.year}"
    rankers = (
        {r: 403 for r in Role} | READ_ALL | {Role.UNIT_HANDLER: 200, Role.UNIT_LEADER: 200, "anonymous": 302}
    )
    check_matrix(client, role_users, url, rankers)
    client.force_login(role_users[Role.LEADER])
    page = client.get(url).content.decode()
    assert own.name in page and 'data-testid="unit-targets"' in page and t1.code in page
    other = HandlingUnitFactory(name="市水利局")  # leads no target of the year
    assert client.get(reverse("targets:unit", args=[other.pk]) + f"?year={t1.year.year}").status_code == 404


def test_raise_action_on_the_target_page(client, role_users, setup):
    t1 = setup["t1"]  # nothing reported: red
    client.force_login(role_users[Role.DEPUTY])
    page = client.get(reverse("targets:detail", args=[t1.pk])).content.decode()
    assert 'data-testid="action-raise"' in page
    url = reverse("targets:action", args=[t1.pk, "raise"])
    assert client.post(url, {"raise-content": " "}).status_code == 400
    assert client.post(url, {"raise-content": "请督促"}).status_code == 302
    page = client.get(reverse("targets:detail", args=[t1.pk])).content.decode()
    assert 'data-testid="raised"' in page and t1.raised.get().opinion.code in page


def test_dashboard_figures_are_cached_and_redrawn_on_a_report(client, role_users, setup, settings):
    """The leader's dashboard caches its figures; a report (the target's change) redraws them at once."""
    from django.core.cache import cache

    cache.clear()
    settings.RENDA_DASHBOARD_CACHE_SECONDS = 300
    t1 = setup["t1"]
    url = reverse("targets:dashboard") + f"?year={t1.year.year}"
    client.force_login(role_users[Role.LEADER])

    def behind() -> list[str]:
        page = client.get(url).content.decode()
        return [code for code in ("T1", "T2", "T3") if f"{code} 指标{code}" in page]

    assert behind() == ["T1", "T2", "T3"]  # nothing reported: all behind
    assert behind() == ["T1", "T2", "T3"]  # from the cache
    month = timezone.localdate().replace(day=1)
    services.report_progress(actor=setup["staff"], target_id=t1.pk, month=month, value="199", note="快完成")
    assert behind() == ["T2", "T3"]


def test_dashboard_is_drawn_once_per_change_and_shows_every_change_at_once(
    client, role_users, setup, settings, monkeypatch
):
    """The dashboard's body is drawn once and then read from the cache (no figures computed, no rows
    read again, fewer queries, the same page); an order past due, its answer, a renamed unit, a report and
    an import each show at once on the next request; readers of all records share one copy."""
    from django.core.cache import cache

    from renda.organization.models import HandlingUnit
    from renda.targets import selectors

    cache.clear()
    settings.RENDA_DASHBOARD_CACHE_SECONDS = 300
    t1, t3 = setup["t1"], setup["t3"]
    url = reverse("targets:dashboard") + f"?year={t1.year.year}"
    computed = []
    figures = selectors._standing_figures
    monkeypatch.setattr(selectors, "_standing_figures", lambda *a: computed.append(1) or figures(*a))
    client.force_login(role_users[Role.LEADER])

    def page() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).content.decode()
        return body, len(ctx.captured_queries)

    first, misses = page()
    second, hits = page()
    assert computed == [1] and hits < misses

    def body(page: str) -> str:  # the page but its CSRF token (new on each request)
        return page[page.index('data-testid="light-counts"') : page.index("</main>")]

    assert body(first) == body(second) and "T1 指标T1" in second
    client.force_login(role_users[Role.STAFF])  # another reader of all records: the same copy
    assert "T1 指标T1" in page()[0] and computed == [1]
    client.force_login(role_users[Role.LEADER])

    today = timezone.localdate()
    order = Order.objects.create(
        target=t3,
        number="督〔缓存〕1",
        request="加快",
        issued_on=today - dt.timedelta(days=20),
        due=today - dt.timedelta(days=5),
        issued_by=setup["staff"],
        lag=Decimal(30),
    )
    assert "督〔缓存〕1" in page()[0]  # an order past due: at once
    services.order_answer(actor=setup["staff"], order_id=order.pk, answer="已整改")
    assert "督〔缓存〕1" not in page()[0]  # answered: at once
    unit = HandlingUnit.objects.get(pk=t3.lead_unit_id)
    unit.name = "市交通运输局（更名）"
    unit.save()
    assert "市交通运输局（更名）" in page()[0]  # a renamed unit: at once
    month = today.replace(day=1)
    services.report_progress(actor=setup["staff"], target_id=t1.pk, month=month, value="199", note="x")
    assert 'href="{}"'.format(reverse("targets:detail", args=[t1.pk])) not in page()[0]  # on plan now
    rows = [scenario.row("T1", setup["own"].name, **{"指标名称": "改名的指标"})]
    imports.targets_import(actor=setup["staff"], year=t1.year.year, upload=scenario.sheet(rows))
    services.report_progress(actor=setup["staff"], target_id=t1.pk, month=month, value="100", note="x")
    assert "T1 改名的指标" in page()[0]  # behind again, under its new title
    assert len(computed) == 6  # the first request and the five changes; no request that changed nothing


def test_dashboard_is_computed_by_one_thread_when_many_miss_at_once(settings):
    """Threads that miss the same key together wait for one computation and read its result."""
    import threading

    from django.core.cache import cache

    from renda.targets import selectors

    cache.clear()
    settings.RENDA_DASHBOARD_CACHE_SECONDS = 300
    calls = []
    start = threading.Barrier(4)  # the four ask at the same moment
    entered, release = threading.Event(), threading.Event()

    def slow() -> str:
        calls.append(1)
        entered.set()
        assert release.wait(10)  # held until the main thread lets it finish: the others miss meanwhile
        return "drawn"

    got: list[str] = []

    def ask() -> None:
        start.wait(10)
        got.append(selectors.cached("targets-test:once", slow))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    assert entered.wait(10)
    release.set()
    for t in threads:
        t.join(10)
    assert got == ["drawn"] * 4 and calls == [1]


def test_ranking_page_shows_a_page_of_places_per_group(client, role_users, setup, monkeypatch):
    """The ranking is computed whole (places need every unit) and drawn a page of places per group."""
    t1 = setup["t1"]
    monkeypatch.setattr(views, "RANKING_PAGE", 1)
    client.force_login(role_users[Role.LEADER])
    url = reverse("targets:ranking") + f"?year={t1.year.year}"
    first = client.get(url).content.decode()
    second = client.get(url + "&page=2").content.decode()
    assert first.count('data-testid="rank-row"') == second.count('data-testid="rank-row"') == 1
    assert 'data-testid="next-page"' in first and 'data-testid="next-page"' not in second
    assert client.get(url + "&page=x").status_code == 200


def test_the_warm_dashboard_in_six_queries(client, role_users, setup, settings, django_assert_num_queries):
    """A leader's dashboard served from the cache (issue 16: p95 ≤ 150 ms with 8 clients): the session, the
    user with whether it has an authenticator (accounts.backends), its roles, the year with every year of
    the picker in one query (selectors.year_and_years), the change stamp (the cache key), and the unread
    notifications."""
    settings.RENDA_DASHBOARD_CACHE_SECONDS = 300
    url = reverse("targets:dashboard") + f"?year={setup['t1'].year.year}"
    client.force_login(role_users[Role.LEADER])
    client.get(url)
    with django_assert_num_queries(6):
        page = client.get(url)
    assert page.status_code == 200 and "T1 指标T1" in page.content.decode()
    assert client.get(reverse("targets:dashboard") + "?year=1999").status_code == 404
    assert client.get(reverse("targets:dashboard") + "?year=x").status_code == 404
