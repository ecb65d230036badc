"""schemathesis against the live OpenAPI document (issue 12, point 6): every operation of /api/openapi.json is
called through the project's WSGI application with generated requests — valid ones (positive) and invalid
ones (negative) — under a staff token and a deputy token, over a small world that has a row behind every
kind of id (so that paths with ids reach real objects, not only 404s).

Every default check of schemathesis runs on every answer: no 500, every status code documented, JSON that
matches the documented schema, invalid input refused, valid input not refused (400/422), and so on. The
test collects every failure of every operation, prints a summary (it is in the CI log, see conftest.py)
and fails when there is one.

Examples are bounded (MAX_EXAMPLES per operation and mode, no shrinking, derandomized so that CI runs the
same cases each time) so that the whole run takes about a minute on a loaded 2-core machine.
"""

from __future__ import annotations

import collections
import json
import logging
import time
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import positive_data_acceptance

from renda.accounts.services import api_token_create
from renda.deputies.models import Deputy
from renda.livelihood.models import Project
from renda.livelihood.tests import scenario as livelihood
from renda.meetings.models import Session
from renda.organization.models import Delegation, HandlingUnit
from renda.procedures.models import Case as ProceduresCase
from renda.procedures.models import Comment as ProceduresComment
from renda.procedures.models import Decision as ProceduresDecision
from renda.proposals.models import ExtensionRequest, Proposal, Reply, ReturnRequest
from renda.proposals.tests.engine_setup import assigned, draft, make_world, replied, submitted
from renda.voting.models import Poll
from renda.voting.tests.engine_setup import build, open_motion

pytestmark = pytest.mark.django_db

# Examples per operation and generation mode, for each token: about a minute per token on a loaded machine.
MAX_EXAMPLES = {"staff": 3, "deputy": 2}
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


def refused_by_a_rule(response) -> bool:
    """A 400 that a service's rule gave about one named input field (ApplicationError: {code, field,
    message}): a deputy not on the session's roll (not_on_roll), a year with no collection open, a merge
    of an item into itself. These depend on the data, not on the shape of the request: no schema can
    say them. A request refused for its shape still answers 422 (ninja's {detail: [...]}), which this
    never accepts."""
    if response.status_code != 400:
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and bool(body.get("code")) and bool(body.get("field"))


def positive_data_acceptance_but_rules(ctx, response, case):
    """schemathesis's positive_data_acceptance (a schema-valid request must not be refused), except for the
    refusals of a data-dependent rule (refused_by_a_rule): the one check narrowed, for the reason above."""
    if refused_by_a_rule(response):
        return None
    return positive_data_acceptance(ctx, response, case)


@dataclass
class Run:
    """What a run saw: cases per operation, answers per status, failures per check."""

    cases: int = 0
    operations: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    # (operation, check title) → one sample request and answer
    failures: dict[tuple[str, str], str] = field(default_factory=dict)

    def summary(self, who: str, seconds: float) -> str:
        lines = [
            f"schemathesis ({who} token): {self.operations} operations, {self.cases} cases, "
            f"{len(self.failures)} distinct failures, {seconds:.0f} s",
            "  statuses: " + ", ".join(f"{code}×{n}" for code, n in sorted(self.statuses.items())),
        ]
        server_errors = sum(n for code, n in self.statuses.items() if code >= 500)
        lines.append(f"  server errors: {server_errors}")
        lines.append(f"  failed checks (schema violations and others): {len(self.failures)}")
        for (operation, title), sample in sorted(self.failures.items()):
            lines.append(f"  FAIL {operation}: {title}\n{sample}")
        return "\n".join(lines)


def seed_world():
    """A small world with a row behind every kind of id the API takes, in several states."""
    w = make_world(prefix="st")
    draft(w)
    submitted(w, title="关于加强校园周边交通管理的建议")
    assigned(w, title="关于老旧小区改造的建议")
    replied(w, title="关于增设公交线路的建议")
    # build() numbers its session after those of the term; the factory's number is a process-wide sequence.
    Session.objects.filter(pk=w.session.pk).update(number=99)
    s = build(6, staff=w.staff, prefix="模糊代表")
    open_motion(s, title="关于模糊测试的决议草案")
    livelihood.year(w.staff)
    livelihood.collect("社区食堂")
    livelihood.shortlisted(w.staff, w.units[0], "背街小巷改造")
    procedures_world()
    return w


def procedures_world() -> None:
    """A decision with its public draft and a comment, and an enforcement case with a record entry (the
    procedures API's ids: catalogue_id, decision_id, comment_id, case_id)."""
    import datetime as dt

    from django.utils import timezone

    from renda.procedures import services as procedures
    from renda.procedures.tests import scenario as procedures_scenario

    gov = procedures_scenario.government()
    d = procedures_scenario.decision(gov)
    today = timezone.localdate()
    procedures.draft_open(
        actor=gov.lead_user,
        decision_id=d,
        draft_text="第一条",
        comment_opens=today,
        comment_closes=today + dt.timedelta(days=30),
    )
    procedures.comment_submit(decision_id=d.pk, text="建议", author="市民")
    case = procedures_scenario.case(gov)
    procedures.case_record(actor=gov.police_user, case_id=case, kind="opening", note="立案")


def real_ids() -> dict[str, list[int]]:
    """Path parameter → ids of rows the world has, so that generated paths also reach real objects."""
    ids = {
        "proposal_id": Proposal.objects.values_list("pk", flat=True),
        "poll_id": Poll.objects.values_list("pk", flat=True),
        "session_id": Session.objects.values_list("pk", flat=True),
        "deputy_id": Deputy.objects.values_list("pk", flat=True),
        "delegation_id": Delegation.objects.values_list("pk", flat=True),
        "unit_id": HandlingUnit.objects.values_list("pk", flat=True),
        "project_id": Project.objects.values_list("pk", flat=True),
        "reply_id": Reply.objects.values_list("pk", flat=True),
        "request_id": [
            *ReturnRequest.objects.values_list("pk", flat=True),
            *ExtensionRequest.objects.values_list("pk", flat=True),
        ],
        "year": [livelihood.YEAR],
        "sheet": [1],
        "decision_id": ProceduresDecision.objects.values_list("pk", flat=True),
        "comment_id": ProceduresComment.objects.values_list("pk", flat=True),
        "case_id": ProceduresCase.objects.values_list("pk", flat=True),
        "catalogue_id": ProceduresDecision.objects.values_list("catalogue_id", flat=True).distinct(),
    }
    return {name: sorted(values) for name, values in ids.items() if values}


def on_real_rows(strategy, ids: dict[str, list[int]]):
    """Valid cases whose path ids are, half of the time, those of real rows (a random id is nearly always
    a 404, which would leave the endpoints' own answers untested)."""

    def pick(drawn):
        case, use, n = drawn
        if use and case.path_parameters:
            for name in case.path_parameters:
                if name in ids:
                    case.path_parameters[name] = ids[name][n % len(ids[name])]
        return case

    return st.tuples(strategy, st.booleans(), st.integers(0, 1000)).map(pick)


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, called in the test's transaction: Django's test client does the same
    (closing "old" connections at each request would close the connection holding the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Hundreds of expected 4xx answers would each log a warning line: keep the CI log to the summary.
    application = get_wsgi_application()  # sets logging up again: quieten it after
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        yield application
    finally:
        request_log.setLevel(level)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(app, raw_key: str, max_examples: int) -> tuple[Run, float]:
    headers = {"Authorization": f"Bearer {raw_key}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, headers=headers)
    run = Run()
    ids = real_ids()
    started = time.monotonic()
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # an operation schemathesis cannot read is a failure of the document
            run.failures[("OpenAPI document", "invalid operation")] = f"    {result.err()}"
            continue
        operation = result.ok()
        run.operations += 1
        for mode in MODES:
            strategy = operation.as_strategy(generation_mode=mode)
            if mode == schemathesis.GenerationMode.POSITIVE:
                strategy = on_real_rows(strategy, ids)

            @settings(
                max_examples=max_examples,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def call(case):
                response = case.call(headers=headers)
                run.cases += 1
                run.statuses[response.status_code] += 1
                try:
                    case.validate_response(
                        response,
                        headers=headers,
                        excluded_checks=[positive_data_acceptance],
                        additional_checks=[positive_data_acceptance_but_rules],
                    )
                except FailureGroup as group:
                    for failure in group.exceptions:
                        key = (case.operation.label, failure.title)
                        if key not in run.failures:
                            body = response.content[:300].decode("utf-8", "replace")
                            run.failures[key] = (
                                f"    {case.method} {case.formatted_path} query={case.query} "
                                f"body={case.body!r}\n    → {response.status_code} {body}\n"
                                f"    {failure.message[:300]}"
                            )

            call()
    return run, time.monotonic() - started


@pytest.mark.parametrize("who", ["staff", "deputy"])
def test_schemathesis(wsgi_app, who, record_property):
    w = seed_world()
    user = w.staff if who == "staff" else w.lead
    _token, raw = api_token_create(actor=user, user=user, name="schemathesis")
    run, seconds = fuzz(wsgi_app, raw, MAX_EXAMPLES[who])
    summary = run.summary(who, seconds)
    record_property("schemathesis", summary)
    print(summary)
    assert run.operations >= 50, summary
    assert not run.failures, summary
    assert not any(code >= 500 for code in run.statuses), summary
