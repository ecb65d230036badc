"""The motions and suggestions pages: permission matrix for every page and action × role, a unit never
sees another unit's items, bad input (the field is named, nothing changes), constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renda.core.roles import Role
from renda.proposals import services
from renda.proposals.models import (
    Assignment,
    Attachment,
    Cosigner,
    ExtensionRequest,
    MotionWindow,
    Proposal,
    Rating,
    Reply,
    ReturnRequest,
)
from tests.factories import (
    CommitteeFactory,
    DeputyFactory,
    HandlingUnitFactory,
    SessionFactory,
    user_with_role,
)
from tests.matrix import ALL_ROLES, check_matrix

pytestmark = pytest.mark.django_db

ROLES_WITH_SCOPE = [r for r in ALL_ROLES if r != Role.STATION_KEEPER]
READERS = (Role.STAFF, Role.LEADER, Role.AUDITOR, Role.ADMIN)
MANAGERS = (Role.STAFF, Role.ADMIN)


def only(codes: dict, default: int = 403) -> dict:
    return {**{r: default for r in ALL_ROLES}, "anonymous": 302, **codes}


def url(name, *args):
    return reverse(f"proposals:{name}", args=args)


# --- building items through the services -------------------------------------------------------------


@pytest.fixture
def staff(role_users):
    return role_users[Role.STAFF]


@pytest.fixture
def deputy_user(role_users):
    return role_users[Role.DEPUTY]


@pytest.fixture
def handler(role_users):
    return role_users[Role.UNIT_HANDLER]


@pytest.fixture
def unit_leader(role_users):
    return role_users[Role.UNIT_LEADER]


@pytest.fixture
def unit(handler):
    from renda.organization.models import HandlingUnit

    return HandlingUnit.objects.get(pk=next(iter(handler.unit_ids)))


@pytest.fixture
def other_unit(db):
    return HandlingUnitFactory(name="测试教育局")


class Make:
    """Items in a given state, made by the services as people would."""

    def __init__(self, staff, deputy_user, handler, unit_leader, unit):
        self.staff, self.deputy_user, self.handler, self.leader, self.unit = (
            staff,
            deputy_user,
            handler,
            unit_leader,
            unit,
        )

    def draft(self, *, actor=None, title="关于增设公交线路的建议", **kw):
        return services.proposal_create_draft(
            actor=actor or self.deputy_user,
            kind="suggestion",
            title=title,
            content="沿江片区缺少公交线路。",
            **kw,
        )

    def submitted(self, **kw):
        p = self.draft(**kw)
        return services.proposal_submit(actor=kw.get("actor") or self.deputy_user, proposal_id=p.pk)

    def accepted(self, **kw):
        p = self.submitted(**kw)
        return services.proposal_review(actor=self.staff, proposal_id=p.pk, decision="accept")

    def assigned(self, *, lead=None, co=(), **kw):
        p = self.accepted(**kw)
        return services.proposal_assign(
            actor=self.staff,
            proposal_id=p.pk,
            lead_unit_ids=[(lead or self.unit).pk],
            co_unit_ids=[u.pk for u in co],
        )

    def replied(self, **kw):
        p = self.assigned(**kw)
        reply = services.reply_draft(
            actor=self.handler, proposal_id=p.pk, text="已开通新线路。", category="A"
        )
        services.reply_sign(actor=self.leader, reply_id=reply.pk)
        return Proposal.objects.get(pk=p.pk)


@pytest.fixture
def make(staff, deputy_user, handler, unit_leader, unit):
    return Make(staff, deputy_user, handler, unit_leader, unit)


def other_deputy_user(name: str):
    return user_with_role(Role.DEPUTY, username=name)


# --- permission matrix: pages ---------------------------------------------------------------------------


def test_matrix_list(client, role_users):
    check_matrix(client, role_users, url("list"), only({r: 200 for r in ROLES_WITH_SCOPE}))


@pytest.mark.parametrize("name", ["overdue", "due_soon", "unsatisfied"])
def test_matrix_supervision_lists(client, role_users, name):
    # units read their own items' supervision lists (issue 10: their 已逾期/临期 tiles opened a 403)
    allowed = {*READERS, Role.UNIT_HANDLER, Role.UNIT_LEADER}
    check_matrix(client, role_users, url(name), only({r: 200 for r in allowed}))


@pytest.mark.parametrize("name", ["review", "requests", "motion_deadlines"])
def test_matrix_staff_pages(client, role_users, name):
    check_matrix(client, role_users, url(name), only({r: 200 for r in MANAGERS}))


def test_matrix_cosign_inbox(client, role_users):
    check_matrix(client, role_users, url("cosign_inbox"), only({Role.DEPUTY: 200}))


def test_matrix_create(client, role_users):
    check_matrix(
        client, role_users, url("create"), only({Role.DEPUTY: 200, Role.STAFF: 200, Role.ADMIN: 200})
    )


def test_matrix_public_pages(client, role_users, make):
    p = make.replied()
    services.proposal_publish(actor=make.staff, proposal_id=p.pk)
    everyone = {**{r: 200 for r in ALL_ROLES}, "anonymous": 200}
    check_matrix(client, role_users, url("public"), everyone)
    check_matrix(client, role_users, url("public_detail", p.pk), everyone)
    unpublished = make.replied(title="未公开的答复")
    check_matrix(
        client,
        role_users,
        url("public_detail", unpublished.pk),
        {**everyone, **{r: 404 for r in [*ALL_ROLES, "anonymous"]}},
    )


def test_matrix_detail_of_an_item_in_scope(client, role_users, make):
    """The lead deputy, the assigned unit and the readers open it; a station keeper has no such page."""
    p = make.assigned()
    check_matrix(client, role_users, url("detail", p.pk), only({r: 200 for r in ROLES_WITH_SCOPE}))


def test_matrix_detail_outside_scope(client, role_users, make, other_unit):
    """Another deputy's item, assigned to another unit: 404 for the deputy and the unit, as if absent."""
    stranger = other_deputy_user("stranger")
    p = make.assigned(actor=stranger, lead=other_unit)
    expect = only(
        {**{r: 200 for r in READERS}, Role.DEPUTY: 404, Role.UNIT_HANDLER: 404, Role.UNIT_LEADER: 404}
    )
    check_matrix(client, role_users, url("detail", p.pk), expect)


def test_matrix_draft_is_the_deputys_own(client, role_users, make):
    p = make.draft()
    expect = only(
        {
            Role.DEPUTY: 200,
            Role.STAFF: 404,
            Role.ADMIN: 404,
            Role.LEADER: 404,
            Role.AUDITOR: 404,
            Role.UNIT_HANDLER: 404,
            Role.UNIT_LEADER: 404,
        }
    )
    check_matrix(client, role_users, url("detail", p.pk), expect)
    check_matrix(client, role_users, url("edit", p.pk), expect)


# --- permission matrix: actions (each role gets a fresh item in the action's starting state) ------------


@pytest.mark.parametrize(
    ("state", "action", "data", "allowed", "seen_by"),
    [
        ("accepted", "assign", {"assign-lead_unit_ids": "UNIT"}, MANAGERS, READERS),
        ("submitted", "review_accept", {}, MANAGERS, READERS),
        ("submitted", "review_return", {"review_return-reason": "personal"}, MANAGERS, READERS),
        (
            "assigned",
            "consult",
            {"consult-method": "phone", "consult-held_on": "TODAY", "consult-participants": "王代表"},
            (Role.UNIT_HANDLER, Role.UNIT_LEADER),
            READERS,
        ),
        (
            "assigned",
            "draft_reply",
            {"draft_reply-text": "已办理。", "draft_reply-category": "A"},
            (Role.UNIT_HANDLER, Role.UNIT_LEADER),
            READERS,
        ),
        (
            "assigned",
            "request_extension",
            {"request_extension-months": "2", "request_extension-reason": "需要调研"},
            (Role.UNIT_HANDLER, Role.UNIT_LEADER),
            READERS,
        ),
        (
            "replied",
            "rate",
            {"rate-attitude": "satisfied", "rate-result": "satisfied"},
            (Role.DEPUTY,),
            READERS,
        ),
        ("assigned", "mark_key", {"mark_key-committee_id": "COMMITTEE"}, (Role.LEADER,), READERS),
    ],
)
def test_matrix_actions(client, role_users, make, unit, state, action, data, allowed, seen_by):
    """Allowed roles are redirected to the item (done); roles that see the item but may not act get 403;
    roles that do not see it get 404; anonymous users go to the login page."""
    committee = CommitteeFactory()
    today = timezone.localdate().isoformat()
    payload = {
        k: {"UNIT": str(unit.pk), "TODAY": today, "COMMITTEE": str(committee.pk)}.get(v, v)
        for k, v in data.items()
    }
    sees = set(seen_by) | set(allowed)
    if state in ("assigned", "replied"):
        sees |= {Role.UNIT_HANDLER, Role.UNIT_LEADER}
    sees.add(Role.DEPUTY)  # every item here is led by the role users' deputy
    expect = {"anonymous": 302}
    for role in ALL_ROLES:
        expect[role] = (
            302
            if role in allowed
            else (403 if role in sees else (403 if role == Role.STATION_KEEPER else 404))
        )
    made = {}

    def for_role(role):
        made[role] = getattr(make, state)(title=f"{action}-{role}")
        return url("act", made[role].pk, action)

    check_matrix(client, role_users, for_role, expect, method="post", data=payload)


def test_act_unknown_action_is_404(client, staff, make):
    p = make.submitted()
    client.force_login(staff)
    assert client.post(url("act", p.pk, "explode")).status_code == 404


# --- a unit never sees another unit's items ------------------------------------------------------------


def test_unit_sees_only_its_own_items(client, make, handler, other_unit):
    mine = make.assigned(title="本单位承办的交通事项")
    theirs = make.assigned(title="教育局承办的学校事项", lead=other_unit)
    client.force_login(handler)
    page = client.get(url("list")).content.decode()
    assert mine.title in page and theirs.title not in page
    search = client.get(url("list"), {"q": "学校"}).content.decode()
    assert theirs.title not in search
    assert client.get(url("detail", theirs.pk)).status_code == 404
    assert client.post(url("act", theirs.pk, "consult"), {}).status_code == 404
    assert client.get(url("deputy_search", theirs.pk), {"q": "代表"}).status_code == 404
    att = Attachment.objects.create(
        proposal=theirs, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), name="a.pdf", uploaded_by=handler
    )
    assert client.get(url("attachment", theirs.pk, att.pk)).status_code == 404
    assert client.get(url("review")).status_code == 403
    for preset in ("overdue", "due_soon", "unsatisfied"):  # the unit's own supervision lists
        response = client.get(url(preset))
        assert response.status_code == 200 and theirs.title not in response.content.decode()


def test_returned_item_leaves_the_units_list(client, make, handler, staff, other_unit):
    p = make.assigned(title="错交的事项")
    req = services.return_request(actor=handler, proposal_id=p.pk, reason="不属于本单位职责")
    services.return_decide(actor=staff, request_id=req.pk, approve=True, new_unit_id=other_unit.pk)
    client.force_login(handler)
    assert p.title not in client.get(url("list")).content.decode()
    assert client.get(url("detail", p.pk)).status_code == 404


# --- bad input: the field is named, nothing changes -------------------------------------------------------


def test_draft_without_title_names_the_field(client, deputy_user):
    client.force_login(deputy_user)
    r = client.post(url("create"), {"kind": "suggestion", "title": "", "content": "内容"})
    assert r.status_code == 200
    assert 'data-testid="error-title"' in r.content.decode() and "标题" in r.content.decode()
    assert not Proposal.objects.exists()


def test_motion_draft_needs_cause_basis_plan(client, deputy_user):
    client.force_login(deputy_user)
    r = client.post(url("create"), {"kind": "motion", "title": "关于制定条例的议案", "cause": "理由"})
    body = r.content.decode()
    assert 'data-testid="error-basis"' in body and 'data-testid="error-plan"' in body
    assert not Proposal.objects.exists()


def test_motion_with_too_few_cosigners_is_refused(client, deputy_user, staff):
    session = SessionFactory()
    MotionWindow.objects.create(session=session, deadline=timezone.now() + dt.timedelta(days=2), set_by=staff)
    p = services.proposal_create_draft(
        actor=deputy_user,
        kind="motion",
        title="关于制定条例的议案",
        cause="案由",
        basis="案据",
        plan="方案",
        session_id=session.pk,
    )
    client.force_login(deputy_user)
    r = client.post(url("act", p.pk, "submit"), follow=True)
    assert "联名" in r.content.decode()
    p.refresh_from_db()
    assert p.status == "draft" and p.number is None


def test_motion_after_the_deadline_is_refused(client, deputy_user, staff, settings):
    session = SessionFactory()
    MotionWindow.objects.create(
        session=session, deadline=timezone.now() - dt.timedelta(hours=1), set_by=staff
    )
    p = services.proposal_create_draft(
        actor=deputy_user,
        kind="motion",
        title="迟到的议案",
        cause="案由",
        basis="案据",
        plan="方案",
        session_id=session.pk,
    )
    from renda.proposals.selectors import settings_for

    conf = settings_for(p.term_id)
    conf.motion_min_cosigners = 1
    conf.save()
    client.force_login(deputy_user)
    r = client.post(url("act", p.pk, "submit"), follow=True)
    assert "截止时间" in r.content.decode()
    p.refresh_from_db()
    assert p.status == "draft"


def test_forbidden_attachment_type_names_the_field(client, make, deputy_user):
    p = make.draft()
    client.force_login(deputy_user)
    r = client.post(url("attachment_add", p.pk), {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert r.status_code == 200
    assert 'data-testid="error-file"' in r.content.decode()
    assert not Attachment.objects.exists()


def test_oversized_attachment_is_refused(client, make, deputy_user, settings):
    settings.RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES = 10
    p = make.draft()
    client.force_login(deputy_user)
    r = client.post(url("attachment_add", p.pk), {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 too big")})
    assert 'data-testid="error-file"' in r.content.decode()
    assert not Attachment.objects.exists()


def test_unsatisfied_without_reason_names_the_field(client, make, deputy_user):
    p = make.replied()
    client.force_login(deputy_user)
    r = client.post(url("act", p.pk, "rate"), {"rate-attitude": "satisfied", "rate-result": "unsatisfied"})
    assert r.status_code == 200
    assert 'data-testid="error-reason"' in r.content.decode()
    assert not Rating.objects.exists()
    assert Proposal.objects.get(pk=p.pk).status == "replied"


def test_assign_without_lead_names_the_field(client, make, staff):
    p = make.accepted()
    client.force_login(staff)
    r = client.post(url("act", p.pk, "assign"), {})
    assert 'data-testid="error-lead_unit_ids"' in r.content.decode()
    assert not Assignment.objects.exists()
    assert Proposal.objects.get(pk=p.pk).status == "accepted"


def test_b_reply_without_promised_date_names_the_field(client, make, handler):
    p = make.assigned()
    client.force_login(handler)
    r = client.post(
        url("act", p.pk, "draft_reply"), {"draft_reply-text": "列入计划", "draft_reply-category": "B"}
    )
    assert 'data-testid="error-promised_date"' in r.content.decode()
    assert not Reply.objects.exists()


def test_return_request_without_reason_names_the_field(client, make, handler):
    p = make.assigned()
    client.force_login(handler)
    r = client.post(url("act", p.pk, "request_return"), {"request_return-reason": ""})
    assert 'data-testid="error-reason"' in r.content.decode()
    assert not ReturnRequest.objects.exists()


def test_extension_over_the_maximum_names_the_field(client, make, handler):
    p = make.assigned()
    client.force_login(handler)
    r = client.post(
        url("act", p.pk, "request_extension"),
        {"request_extension-months": "5", "request_extension-reason": "工程量大"},
    )
    assert 'data-testid="error-months"' in r.content.decode()
    assert not ExtensionRequest.objects.exists()


def test_invite_nobody_names_the_field(client, make, deputy_user):
    p = make.draft()
    client.force_login(deputy_user)
    r = client.post(url("act", p.pk, "invite_cosigners"), {})
    assert 'data-testid="error-deputy_ids"' in r.content.decode()
    assert not Cosigner.objects.exists()


# --- what the pages show ------------------------------------------------------------------------------------


def test_buttons_follow_available_actions(client, make, staff, deputy_user):
    p = make.submitted()
    client.force_login(deputy_user)
    body = client.get(url("detail", p.pk)).content.decode()
    assert 'data-testid="action-review_accept"' not in body
    client.force_login(staff)
    body = client.get(url("detail", p.pk)).content.decode()
    assert 'data-testid="action-review_accept"' in body and 'data-testid="action-review_return"' in body
    assert 'data-testid="action-assign"' not in body


def test_deputy_search_finds_by_name_and_card(client, make, deputy_user):
    p = make.draft()
    friend = DeputyFactory(name="李附议", delegation=deputy_user.deputy.delegation)
    client.force_login(deputy_user)
    assert "李附议" in client.get(url("deputy_search", p.pk), {"q": "李附"}).content.decode()
    assert "李附议" in client.get(url("deputy_search", p.pk), {"q": friend.card_number}).content.decode()
    assert friend.id_number not in client.get(url("deputy_search", p.pk), {"q": "李附"}).content.decode()


def test_cosign_inbox_and_confirm(client, make, deputy_user):
    friend = other_deputy_user("friend")
    p = make.draft()
    services.cosigners_invite(actor=deputy_user, proposal_id=p.pk, deputy_ids=[friend.deputy.pk])
    client.force_login(friend)
    assert p.title in client.get(url("cosign_inbox")).content.decode()
    client.post(url("act", p.pk, "cosign"))
    assert Cosigner.objects.get(proposal=p).status == "confirmed"
    assert p.title not in client.get(url("cosign_inbox")).content.decode()


def test_public_page_shows_no_personal_data(client, make, deputy_user):
    p = make.replied(title="公开的公交建议")
    services.proposal_publish(actor=make.staff, proposal_id=p.pk)
    body = (
        client.get(url("public")).content.decode() + client.get(url("public_detail", p.pk)).content.decode()
    )
    assert "公开的公交建议" in body and "已开通新线路" in body
    deputy = deputy_user.deputy
    for personal in (deputy.name, deputy.phone, deputy.id_number):
        assert personal not in body


def test_filters_ignore_bad_values(client, staff, make):
    make.submitted()
    client.force_login(staff)
    assert client.get(url("list"), {"unit": "abc", "year": "x", "status": "nope"}).status_code == 200


def test_motion_deadline_page_sets_the_deadline(client, staff):
    session = SessionFactory(term__is_current=True)
    client.force_login(staff)
    r = client.post(url("motion_deadlines"), {"session_id": session.pk, "deadline": "2026-03-08T12:00"})
    assert r.status_code == 302
    assert timezone.localtime(MotionWindow.objects.get(session=session).deadline).hour == 12


# --- query counts do not grow with the page ---------------------------------------------------


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.STAFF, Role.UNIT_HANDLER, Role.DEPUTY])
def test_list_query_count_is_constant(client, role_users, make, role, django_assert_max_num_queries):
    for i in range(2):
        make.assigned(title=f"事项{i}")
    client.force_login(role_users[role])
    few = _queries(client, url("list"))
    for i in range(2, 12):
        make.assigned(title=f"事项{i}")
    many = _queries(client, url("list"))
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(url("list"))


@pytest.mark.parametrize("name", ["overdue", "due_soon", "unsatisfied", "review"])
def test_staff_lists_query_count_is_constant(client, staff, make, name):
    make.submitted(title="一件")
    client.force_login(staff)
    few = _queries(client, url(name))
    for i in range(8):
        make.submitted(title=f"又一件{i}")
    assert _queries(client, url(name)) == few


def test_public_list_query_count_is_constant(client, make):
    for i in range(2):
        services.proposal_publish(actor=make.staff, proposal_id=make.replied(title=f"公开{i}").pk)
    few = _queries(client, url("public"))
    for i in range(2, 8):
        services.proposal_publish(actor=make.staff, proposal_id=make.replied(title=f"公开{i}").pk)
    assert _queries(client, url("public")) == few


def test_detail_query_count_is_constant(client, make, staff, handler, other_unit):
    """More co-signers, units, events and replies do not add queries to the item page. (Tables an item has
    no rows in are not queried at all, so both items have rows of the same kinds.)"""
    cosigners = [other_deputy_user(f"cs{i}") for i in range(6)]

    def item(title, n):
        p = make.draft(title=title)
        services.cosigners_invite(
            actor=make.deputy_user, proposal_id=p.pk, deputy_ids=[u.deputy.pk for u in cosigners[:n]]
        )
        for u in cosigners[:n]:
            services.cosign_respond(actor=u, proposal_id=p.pk, accept=True)
        services.proposal_submit(actor=make.deputy_user, proposal_id=p.pk)
        services.proposal_review(actor=staff, proposal_id=p.pk, decision="accept")
        services.proposal_assign(
            actor=staff, proposal_id=p.pk, lead_unit_ids=[make.unit.pk], co_unit_ids=[other_unit.pk]
        )
        for i in range(n):
            services.consultation_record(
                actor=handler,
                proposal_id=p.pk,
                method="phone",
                held_on=timezone.localdate(),
                participants=f"代表{i}",
            )
        return p

    small, big = item("小件", 1), item("大件", 6)
    client.force_login(staff)
    assert _queries(client, url("detail", big.pk)) == _queries(client, url("detail", small.pk))


def test_every_item_action_has_a_button():
    from renda.proposals import views, workflow

    # edit page, deadlines page, the year's rollover (a batch, through the API)
    page_actions = set(workflow.ACTIONS) - {"save_draft", "set_motion_deadline", "roll_over"}
    assert page_actions <= set(views.ACTIONS)


def test_staff_enter_a_suggestion_on_a_deputys_behalf(client, staff, deputy_user):
    client.force_login(staff)
    r = client.post(
        url("create"),
        {"kind": "suggestion", "title": "代为录入的建议", "content": "纸质建议。", "lead_deputy_card": "000"},
    )
    assert 'data-testid="error-lead_deputy_card"' in r.content.decode()
    assert not Proposal.objects.exists()
    card = deputy_user.deputy.card_number
    r = client.post(
        url("create"),
        {"kind": "suggestion", "title": "代为录入的建议", "content": "纸质建议。", "lead_deputy_card": card},
    )
    p = Proposal.objects.get()
    assert r.status_code == 302 and p.lead_deputy == deputy_user.deputy and p.created_by == staff


def test_merge_by_number(client, make, staff):
    main = make.accepted(title="主件")
    other = make.submitted(title="相同事项")
    client.force_login(staff)
    r = client.post(url("act", other.pk, "merge"), {"merge-into_number": "999"})
    assert r.status_code == 200 and 'data-testid="form-merge"' in r.content.decode()
    assert Proposal.objects.get(pk=other.pk).status == "submitted"
    r = client.post(url("act", other.pk, "merge"), {"merge-into_number": str(main.number)})
    assert r.status_code == 302
    other.refresh_from_db()
    assert other.status == "merged" and other.merged_into_id == main.pk


def test_publish_and_unpublish(client, make, staff):
    p = make.replied(title="可公开的建议")
    client.force_login(staff)
    client.post(url("act", p.pk, "publish"))
    assert client.get(url("public_detail", p.pk)).status_code == 200
    assert "取消公开" in client.get(url("detail", p.pk)).content.decode()
    client.post(url("act", p.pk, "publish"))
    assert client.get(url("public_detail", p.pk)).status_code == 404


def test_matrix_unit_filter_options(client, role_users):
    check_matrix(client, role_users, url("unit_options"), only({r: 200 for r in READERS}))


def test_unit_filter_draws_the_chosen_unit_and_fetches_the_rest(client, make, staff, other_unit):
    """The list draws only the chosen unit; the drop-down fetches every unit once the page has loaded."""
    client.force_login(staff)
    html = client.get(url("list") + f"?unit={other_unit.pk}").content.decode()
    select = html[html.index('name="unit"') - 300 : html.index("</select>", html.index('name="unit"'))]
    assert f'hx-get="{url("unit_options")}"' in select and 'hx-trigger="load"' in select
    assert f'<option value="{other_unit.pk}" selected>{other_unit.name}</option>' in select
    assert make.unit.name not in select  # the others come with the drop-down's own request
    response = client.get(url("unit_options") + f"?unit={other_unit.pk}")
    options = response.content.decode()
    assert options.startswith('<option value="">')
    assert f'<option value="{other_unit.pk}" selected>{other_unit.name}</option>' in options
    assert f'<option value="{make.unit.pk}">{make.unit.name}</option>' in options
    assert "private" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_submit_is_disabled_while_cosigners_are_pending_and_the_lead_hears_who_answered(
    client, make, deputy_user, django_capture_on_commit_callbacks
):
    from renda.core.models import Notification

    friend = other_deputy_user("friend2")
    p = make.draft()
    services.cosigners_invite(actor=deputy_user, proposal_id=p.pk, deputy_ids=[friend.deputy.pk])
    client.force_login(deputy_user)
    page = client.get(url("detail", p.pk)).content.decode()
    button = page.split('data-testid="action-submit"')[1].split(">")[0]
    assert "disabled" in button and "尚有1位联名代表未确认是否联名" in page and "全部答复" not in page
    with django_capture_on_commit_callbacks(execute=True):
        services.cosign_respond(actor=friend, proposal_id=p.pk, accept=True)
    note = Notification.objects.filter(user=deputy_user).latest("id")
    assert note.title == f"{friend.deputy.name}代表已同意联名：{p.title}"
    page = client.get(url("detail", p.pk)).content.decode()
    assert "disabled" not in page.split('data-testid="action-submit"')[1].split(">")[0]


def test_overdue_list_shows_days_overdue_and_review_queue_the_waiting_time(client, make, staff):
    import time_machine

    waiting = make.submitted(title="等待审查的建议")
    late = make.assigned(title="逾期的建议")
    client.force_login(staff)
    with time_machine.travel(
        dt.datetime.combine(late.due_date + dt.timedelta(days=4), dt.time(10)), tick=False
    ):
        client.force_login(staff)  # a session of months ago has expired
        page = client.get(url("overdue")).content.decode()
        row = page.split(f'data-pk="{late.pk}"')[1].split("</tr>")[0]
        assert 'data-testid="days-overdue">4天<' in row
        page = client.get(url("review")).content.decode()
        row = page.split(f'data-pk="{waiting.pk}"')[1].split("</tr>")[0]
        days = (timezone.localdate() - timezone.localtime(waiting.submitted_at).date()).days
        assert days > 0 and f'data-testid="waiting-days">{days}天<' in row
