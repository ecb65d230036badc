#!/usr/bin/env python
"""Query counts of every state-changing service and of the main pages and API calls, on the same fixtures.

Runs in any checkout whose services share these signatures (this one, and the tree before the workflow spine),
on a throw-away in-memory SQLite test database, so that two trees compare call by call::

    .venv/bin/python bench/query_counts.py > /tmp/after.json
    (cd ../base && .venv/bin/python ../spineq/bench/query_counts.py > /tmp/before.json)
    QC_BY_ID=1 .venv/bin/python bench/query_counts.py > /tmp/by_id.json
    .venv/bin/python bench/query_counts.py --compare /tmp/before.json /tmp/after.json /tmp/by_id.json

A service that takes its object as an id or as the instance (the spine's services) is called here with the
instance its caller holds (loaded through the actor's scope before the call, as pages and endpoints do),
except with QC_BY_ID=1: then with the id, as scripts do. Each call runs with a user freshly read from the
database (as a request has), so a count includes what the call pays for the actor's roles and deputy id.
The fixtures come from the engines' own test helpers (renda/proposals/tests/engine_setup.py,
renda/voting/tests/engine_setup.py, tests/factories.py), identical in both trees. Not a timing benchmark: it
counts, it does not time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path.cwd()


def compare(before_path: str, after_path: str, by_id_path: str | None = None) -> int:
    before = json.loads(Path(before_path).read_text())
    after = json.loads(Path(after_path).read_text())
    by_id = json.loads(Path(by_id_path).read_text()) if by_id_path else {}
    rises = 0
    print(f"{'call':44} {'before':>6} {'after':>6} {'by id':>6}")
    for name in list(dict.fromkeys([*before, *after])):
        b, a, i = before.get(name), after.get(name), by_id.get(name, "")
        mark = ""
        if b is not None and a is not None and a > b:
            mark, rises = "  RISE", rises + 1
        print(f"{name:44} {b if b is not None else '-':>6} {a if a is not None else '-':>6} {i:>6}{mark}")
    print(f"\n{rises} rise(s)")
    return 1 if rises else 0


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="renda-qc-")
    settings.ALLOWED_HOSTS = ["*"]
    # The clients below sign in with force_login, as the tests do (conftest turns the second step off): the
    # counts compare the calls themselves, in this tree and in trees from before two-factor sign-in.
    settings.TWOFA_ENFORCED = False
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    import time_machine

    with time_machine.travel(
        dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    ):
        counts = scenario()
    json.dump(counts, sys.stdout, indent=1, ensure_ascii=False)
    print()


def scenario() -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from renda.accounts.models import User
    from renda.core.roles import Role
    from renda.deputies import services as deputies
    from renda.meetings import services as meetings
    from renda.proposals import services as proposals
    from renda.proposals.choices import Kind
    from renda.proposals.models import MotionWindow, Topic
    from renda.proposals.tests.engine_setup import draft, make_world, pdf
    from renda.voting import services as voting
    from renda.voting.tests import engine_setup as vote_setup
    from tests.factories import DelegationFactory, DeputyFactory, SessionFactory, user_with_role

    counts: dict[str, int] = {}

    def fresh(user):
        return User.objects.get(pk=user.pk)

    try:
        from renda.core import spine
    except ImportError:
        spine = None
    # both trees have it (before the spine: renda/core/spine.py absent → ids)

    in_hand = not os.environ.get("QC_BY_ID") and spine is not None and hasattr(spine, "pk_of")
    page_loaders = {}
    if in_hand:
        from renda.deputies.selectors import deputy_for_view
        from renda.meetings.selectors import session_for_view
        from renda.proposals.models import Proposal
        from renda.voting.selectors import poll_for_view

        page_loaders = {
            "proposal_id": lambda user, pk: spine.get_visible(Proposal, user, pk),
            "session_id": session_for_view,
            "poll_id": poll_for_view,
            "deputy_id": deputy_for_view,
        }
    held = {
        "proposals": "proposal_id",
        "meetings": "session_id",
        "voting": "poll_id",
        "deputies": "deputy_id",
    }

    def run(fn, *args, tag="", **kw):
        label = f"{fn.__module__.split('.')[1]}.{fn.__name__}" + (f" ({tag})" if tag else "")
        kw = {k: (fresh(v) if k == "actor" else v) for k, v in kw.items()}
        key = held.get(fn.__module__.split(".")[1])
        if in_hand and key in kw and fn.__name__ != "ballot_cast":
            # the object as a page or an endpoint holds it: loaded through the actor's scope by the app's
            # own page selector, before the call
            kw[key] = page_loaders[key](user=kw["actor"], pk=kw[key])
        with CaptureQueriesContext(connection) as ctx:
            out = fn(*args, **kw)
        counts[label] = len(ctx)
        if os.environ.get("QC_SHOW") and os.environ["QC_SHOW"] in label:
            print(f"--- {label}", *(q["sql"][:300] for q in ctx.captured_queries), sep="\n", file=sys.stderr)
        return out

    def page(name, client, method, url, data=None, **extra):
        with CaptureQueriesContext(connection) as ctx:
            response = getattr(client, method)(url, data=data or {}, **extra)
        if os.environ.get("QC_SHOW") and os.environ["QC_SHOW"] in name:
            print(f"--- {name}", *(q["sql"][:300] for q in ctx.captured_queries), sep="\n", file=sys.stderr)
        if response.status_code >= 400:
            raise RuntimeError(f"{name}: {method.upper()} {url} → {response.status_code}")
        counts[name] = len(ctx)
        print(f"{name}: {response.status_code}", file=sys.stderr)
        return response

    def client_for(user):
        c = Client()
        c.force_login(user)
        return c

    # --- proposals --------------------------------------------------------------------------------------
    w = make_world(n_cosigners=9)
    p = run(
        proposals.proposal_create_draft,
        actor=w.lead,
        kind=Kind.SUGGESTION,
        title="关于改善公交线路的建议",
        content="内容",
        topic_id=w.topic.pk,
    )
    run(proposals.proposal_update_draft, actor=w.lead, proposal_id=p.pk, title="新题目")
    run(proposals.attachment_add, actor=w.lead, proposal_id=p.pk, file=pdf())
    ids = [d.pk for _u, d in w.cosigners]
    run(proposals.cosigners_invite, actor=w.lead, proposal_id=p.pk, deputy_ids=ids)
    run(proposals.cosign_respond, actor=w.cosigners[0][0], proposal_id=p.pk, accept=True)
    for u, _d in w.cosigners[1:]:
        proposals.cosign_respond(actor=u, proposal_id=p.pk, accept=True)
    run(proposals.proposal_submit, actor=w.lead, proposal_id=p.pk)
    run(proposals.withdraw_consent, actor=w.cosigners[0][0], proposal_id=p.pk)
    run(proposals.proposal_review, actor=w.staff, proposal_id=p.pk, decision="accept")
    run(
        proposals.proposal_set_topic,
        actor=w.staff,
        proposal_id=p.pk,
        topic_id=Topic.objects.create(name="交通").pk,
    )
    run(
        proposals.proposal_assign,
        actor=w.staff,
        proposal_id=p.pk,
        lead_unit_ids=[w.units[0].pk],
        co_unit_ids=[w.units[1].pk],
    )
    req = run(proposals.extension_request, actor=w.handlers[0], proposal_id=p.pk, months=1, reason="需要调研")
    run(proposals.extension_decide, actor=w.staff, request_id=req.pk, approve=True)
    run(proposals.co_opinion_submit, actor=w.handlers[1], proposal_id=p.pk, text="会办意见")
    run(
        proposals.consultation_record,
        actor=w.handlers[0],
        proposal_id=p.pk,
        method="face",
        held_on=dt.date(2026, 3, 1),
        participants="张三",
    )
    run(
        proposals.key_supervision_mark,
        actor=w.leader,
        proposal_id=p.pk,
        committee_id=w.committee.pk,
        leading_official="副市长",
    )
    r = run(
        proposals.reply_draft,
        actor=w.handlers[0],
        proposal_id=p.pk,
        text="答复",
        category="B",
        promised_date=dt.date(2099, 12, 31),
    )
    run(proposals.reply_sign, actor=w.unit_leaders[0], reply_id=r.pk)
    run(proposals.proposal_publish, actor=w.staff, proposal_id=p.pk)
    run(proposals.rating_submit, actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="basically")
    run(proposals.follow_up_report, actor=w.handlers[0], proposal_id=p.pk, text="进展过半", done=False)
    run(proposals.follow_up_rollover, actor=w.staff, year=2025)
    # return, merge, withdraw, motions
    q = proposals.proposal_submit(actor=w.lead, proposal_id=draft(w, title="第二条").pk)
    q = proposals.proposal_review(actor=w.staff, proposal_id=q.pk, decision="accept")
    proposals.proposal_assign(actor=w.staff, proposal_id=q.pk, lead_unit_ids=[w.units[0].pk])
    ret = run(proposals.return_request, actor=w.handlers[0], proposal_id=q.pk, reason="不属于本单位职责")
    run(proposals.return_decide, actor=w.staff, request_id=ret.pk, approve=True, new_unit_id=w.units[2].pk)
    o = proposals.proposal_create_draft(
        actor=w.outsider, kind=Kind.SUGGESTION, title="同类建议", content="内容"
    )
    o = proposals.proposal_submit(actor=w.outsider, proposal_id=o.pk)
    main_item = proposals.proposal_review(
        actor=w.staff,
        proposal_id=proposals.proposal_submit(actor=w.lead, proposal_id=draft(w, title="主件").pk).pk,
        decision="accept",
    )
    run(proposals.proposal_merge, actor=w.staff, proposal_id=o.pk, into_id=main_item.pk)
    wd = proposals.proposal_submit(actor=w.lead, proposal_id=draft(w, title="撤回").pk)
    run(proposals.proposal_withdraw, actor=w.lead, proposal_id=wd.pk)
    run(
        proposals.motion_deadline_set,
        actor=w.staff,
        session_id=w.session.pk,
        deadline=timezone.now() + dt.timedelta(days=1),
    )
    assert MotionWindow.objects.filter(session=w.session).exists()
    m = draft(w, kind=Kind.MOTION, title="议案")
    proposals.cosigners_invite(actor=w.lead, proposal_id=m.pk, deputy_ids=ids)
    for u, _d in w.cosigners:
        proposals.cosign_respond(actor=u, proposal_id=m.pk, accept=True)
    m = proposals.proposal_submit(actor=w.lead, proposal_id=m.pk)
    run(proposals.motion_decide, actor=w.staff, proposal_id=m.pk, decision="to_suggestion", note="主席团决定")
    run(proposals.proposal_settings_update, actor=w.staff, term_id=w.term.pk, co_handler_label="会办单位")

    # proposals pages and API
    staff_c, lead_c = client_for(w.staff), client_for(w.lead)
    page("page proposals.detail GET (staff)", staff_c, "get", reverse("proposals:detail", args=[p.pk]))
    page("page proposals.detail GET (lead)", lead_c, "get", reverse("proposals:detail", args=[p.pk]))
    page("page proposals.list GET (staff)", staff_c, "get", reverse("proposals:list"))
    rv = proposals.proposal_submit(actor=w.lead, proposal_id=draft(w, title="页面受理").pk)
    page(
        "page proposals.act review_accept POST",
        staff_c,
        "post",
        reverse("proposals:act", args=[rv.pk, "review_accept"]),
        {"review_accept-note": ""},
    )
    page("api GET /api/proposals/{id}", staff_c, "get", f"/api/proposals/{p.pk}")
    page("api GET /api/proposals", staff_c, "get", "/api/proposals")
    rv2 = proposals.proposal_submit(actor=w.lead, proposal_id=draft(w, title="接口受理").pk)
    page(
        "api POST /api/proposals/{id}/review",
        staff_c,
        "post",
        f"/api/proposals/{rv2.pk}/review",
        json.dumps({"decision": "accept"}),
        content_type="application/json",
    )

    # --- meetings ---------------------------------------------------------------------------------------
    staff = w.staff
    delegation = DelegationFactory(term=w.term)
    for _i in range(5):
        DeputyFactory(delegation=delegation)
    s = run(
        meetings.session_create,
        actor=staff,
        term_id=w.term.pk,
        kind="congress",
        number=7,
        title="第七次会议",
        start_date=dt.date(2026, 3, 5),
    )
    item = run(meetings.agenda_item_add, actor=staff, session_id=s.pk, kind="report", title="政府工作报告")
    run(meetings.session_open_check_in, actor=staff, session_id=s.pk)
    lines = list(s.roll.order_by("id"))
    run(meetings.check_in, actor=staff, session_id=s.pk, deputy_id=lines[0].deputy_id)
    leave = run(
        meetings.leave_request, actor=staff, session_id=s.pk, deputy_id=lines[1].deputy_id, reason="公务"
    )
    run(meetings.leave_decide, actor=staff, leave_id=leave.pk, approve=True)
    for line in lines[2:]:
        meetings.check_in(actor=staff, session_id=s.pk, deputy_id=line.deputy_id)
    run(meetings.session_start, actor=staff, session_id=s.pk)
    run(
        meetings.deliberation_note_add, actor=staff, item_id=item.pk, delegation_id=delegation.pk, text="赞成"
    )
    run(
        meetings.document_add,
        actor=staff,
        item_id=item.pk,
        title="文件",
        file=pdf(),
    )
    page("page meetings.detail GET (staff)", staff_c, "get", reverse("meetings:session_detail", args=[s.pk]))
    page("api GET /api/meetings/sessions/{id}", staff_c, "get", f"/api/meetings/{s.pk}")
    run(meetings.session_close, actor=staff, session_id=s.pk)
    s2 = SessionFactory(term=w.term)
    page(
        "page meetings.open_check_in POST",
        staff_c,
        "post",
        reverse("meetings:session_action", args=[s2.pk, "open_check_in"]),
    )

    # --- deputies ---------------------------------------------------------------------------------------
    dep = DeputyFactory(delegation=delegation)
    run(deputies.deputy_update, actor=staff, deputy_id=dep.pk, workplace="新单位")
    run(
        deputies.deputy_change_status,
        actor=staff,
        deputy_id=dep.pk,
        to_status="suspended",
        effective_date=dt.date(2026, 1, 5),
    )
    page("page deputies.detail GET (staff)", staff_c, "get", reverse("deputies:detail", args=[dep.pk]))
    page("api GET /api/deputies/{id}", staff_c, "get", f"/api/deputies/{dep.pk}")

    # --- voting -----------------------------------------------------------------------------------------
    vs = vote_setup.build(25, staff=user_with_role(Role.STAFF, username="vote-staff-qc"))
    motion = {"item_id": vs.item.pk, "kind": "motion", "title": "关于决议草案", "method": "electronic"}
    poll = run(voting.poll_create, actor=vs.staff, **motion)
    run(voting.poll_open, actor=vs.staff, poll_id=poll.pk)
    for i, tag in enumerate(("deputy", "deputy, 2nd")):
        deputy, choice = vs.deputies[i].pk, {"choice": "yes"}
        run(
            voting.ballot_cast,
            tag=tag,
            actor=vs.users[i],
            poll_id=poll.pk,
            deputy_id=deputy,
            payload=choice,
        )
    dep_c = client_for(vs.users[2])
    page("page voting.poll GET (deputy)", dep_c, "get", reverse("voting:my_vote", args=[poll.pk]))
    page("page voting.my_polls GET (deputy)", dep_c, "get", reverse("voting:my_polls"))
    run(voting.poll_close, actor=vs.staff, poll_id=poll.pk)
    run(voting.poll_publish, actor=vs.staff, poll_id=poll.pk)
    head = {"item_id": vs.election_item.pk, "kind": "election", "post": "主任", "post_kind": "head"}
    epoll = voting.poll_create(actor=vs.staff, title="选举主任", method="paper", **head)
    run(voting.candidate_add, actor=vs.staff, poll_id=epoll.pk, name="甲", nomination="presidium")
    run(voting.paper_issue, actor=vs.staff, poll_id=epoll.pk, issued=25)
    voting.poll_open(actor=vs.staff, poll_id=epoll.pk)
    clerk2 = user_with_role(Role.STAFF, username="clerk-two-qc")
    cand = epoll.candidates.get().pk
    yes, no = {"marks": {str(cand): "yes"}}, {"marks": {str(cand): "no"}}
    run(voting.paper_entry_submit, actor=vs.staff, poll_id=epoll.pk, sheet=1, payload=yes)
    voting.paper_entry_submit(actor=clerk2, poll_id=epoll.pk, sheet=1, payload=no)
    run(voting.paper_sheet_settle, actor=vs.staff, poll_id=epoll.pk, sheet=1, payload=yes)
    pre = voting.poll_create(actor=vs.staff, title="预选", round="preliminary", **head)
    voting.candidate_add(actor=vs.staff, poll_id=pre.pk, name="甲", nomination="presidium")
    voting.poll_open(actor=vs.staff, poll_id=pre.pk)
    voting.poll_close(actor=vs.staff, poll_id=pre.pk)
    run(voting.followup_create, actor=vs.staff, poll_id=pre.pk, round="regular")
    return counts


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "--compare":
        sys.exit(compare(*sys.argv[2:]))
    main()
