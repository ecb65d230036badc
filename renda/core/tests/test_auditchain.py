"""The audit trail's SM3 chain: sealed after commit, verified link by link; an edit, a deletion or a forged
link is named. Also the weak-key rule and its system check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.core import auditchain, secretkey
from renda.core.models import AuditChain, Event
from renda.core.services import event_record


def test_sm3_is_the_national_standard():
    # GB/T 32905-2016, Appendix A.1: SM3("abc")
    assert auditchain.sm3("abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert auditchain.sm3_available()


def _values(**over):
    base = {
        "id": 7,
        "created_at": dt.datetime(2026, 3, 5, 1, 2, 3, 456789, tzinfo=dt.UTC),
        "actor_id": 3,
        "action": "proposal_submit",
        "content_type_id": 11,
        "object_id": "42",
        "object_repr": "关于社区食堂的建议",
        "changes": {"b": [1, 2], "a": "甲"},
        "comment": "",
    }
    return {**base, **over}


def test_content_text_is_canonical():
    text = auditchain.content_text(_values())
    # key order of the changes does not matter; the time is UTC with microseconds
    assert text == auditchain.content_text(_values(changes={"a": "甲", "b": [1, 2]}))
    assert "2026-03-05T01:02:03.456789+00:00" in text and "关于社区食堂的建议" in text
    beijing = dt.timezone(dt.timedelta(hours=8))
    same_moment = dt.datetime(2026, 3, 5, 9, 2, 3, 456789, tzinfo=beijing)
    assert auditchain.content_text(_values(created_at=same_moment)) == text


@given(
    field=st.sampled_from(auditchain.CONTENT_FIELDS),
    value=st.one_of(
        st.integers(min_value=-5, max_value=10**6), st.text(alphabet="议案建议abc=0", max_size=8)
    ),
)
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_any_change_of_content_changes_the_digest(field, value):
    original = _values()
    changed = {
        **original,
        field: value if field != "created_at" else original["created_at"] + dt.timedelta(1),
    }
    if changed[field] == original[field]:
        return
    assert auditchain.sm3(auditchain.content_text(changed)) != auditchain.sm3(
        auditchain.content_text(original)
    )


@given(st.lists(st.text(min_size=64, max_size=64, alphabet="0123456789abcdef"), min_size=2, max_size=8))
@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
def test_links_depend_on_every_earlier_digest(digests):
    def chain(ds):
        prev = auditchain.GENESIS
        for seq, d in enumerate(ds, 1):
            prev = auditchain.link(prev, seq, d)
        return prev

    if len(set(digests)) < 2:
        return
    swapped = [digests[1], digests[0], *digests[2:]]
    if swapped != digests:
        assert chain(swapped) != chain(digests)


def _write(n, staff):
    return [
        event_record(actor=staff, action="audit_export", changes={"rows": i, "filters": {"年": "2026"}})
        for i in range(n)
    ]


@pytest.fixture
def sealed(db, role_users, django_capture_on_commit_callbacks):
    """Five Events, each in its own transaction as services write them, sealed after each commit."""
    from django.db import transaction

    events = []
    for _i in range(5):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            events += _write(1, role_users["staff"])
    return events


def test_events_are_sealed_after_commit_in_order(sealed):
    rows = list(Event.objects.order_by("seq").values_list("id", "seq"))
    assert [seq for _id, seq in rows] == [1, 2, 3, 4, 5]
    assert [i for i, _seq in rows] == [e.pk for e in sealed]
    head = AuditChain.objects.get(pk=1)
    assert head.last_seq == 5 and head.last_chain == Event.objects.get(seq=5).chain


def test_one_seal_covers_a_transactions_events(db, role_users, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _write(3, role_users["staff"])
    assert len(callbacks) == 3
    assert Event.objects.filter(seq__isnull=True).count() == 0
    assert AuditChain.objects.get(pk=1).last_seq == 3


def test_intact_chain_verifies(sealed):
    verdict = auditchain.verify()
    assert verdict.ok and verdict.checked == 5 and verdict.sealed_now == 0 and verdict.unsealed == 0
    call_command("audit_verify")


def test_an_edited_event_is_named(sealed):
    target = sealed[2]
    Event.objects.filter(pk=target.pk).update(comment="事后改写")  # straight into the table
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify")
    assert "link 3" in str(broken.value) and f"#{target.pk}" in str(broken.value)
    head = AuditChain.objects.get(pk=1)
    assert head.verified_ok is False and head.broken_seq == 3


def test_a_deleted_event_leaves_a_named_gap(sealed):
    Event.objects.filter(pk=sealed[1].pk).delete()
    verdict = auditchain.verify()
    assert not verdict.ok and verdict.broken_seq == 2 and "缺失" in verdict.reason


def test_a_deleted_last_event_is_seen(sealed):
    Event.objects.filter(pk=sealed[-1].pk).delete()
    verdict = auditchain.verify()
    assert not verdict.ok and verdict.broken_seq == 5


def test_a_rewritten_digest_is_caught_by_the_links(sealed):
    row = Event.objects.get(pk=sealed[3].pk)
    row.comment = "伪造"
    row.digest = auditchain.sm3(
        auditchain.content_text(
            Event.objects.filter(pk=row.pk).values(*auditchain.CONTENT_FIELDS).get() | {"comment": "伪造"}
        )
    )
    Event.objects.filter(pk=row.pk).update(comment=row.comment, digest=row.digest)
    verdict = auditchain.verify()
    assert not verdict.ok and verdict.broken_seq == 4 and "链摘要" in verdict.reason


def test_events_written_outside_services_are_sealed_by_verify(sealed, role_users):
    _write(2, role_users["staff"])  # no commit hook runs inside the test's transaction
    assert Event.objects.filter(seq__isnull=True).count() == 2
    verdict = auditchain.verify()
    assert verdict.ok and verdict.sealed_now == 2 and verdict.checked == 7


def test_auditor_sees_and_runs_the_check_staff_may_not(client, sealed, role_users):
    client.force_login(role_users["auditor"])
    page = client.get(reverse("core:audit")).content.decode()
    assert 'data-testid="audit-chain"' in page and "尚未校验" in page
    response = client.post(reverse("core:audit_verify"), follow=True)
    body = response.content.decode()
    assert "审计链完整" in body and 'data-testid="chain-state">完整' in body
    assert Event.objects.filter(action="audit_verify").count() == 1
    client.force_login(role_users["staff"])
    assert client.post(reverse("core:audit_verify")).status_code == 403
    assert Event.objects.filter(action="audit_verify").count() == 1


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "empty"),
        ("renda-insecure-development-key-change-me-in-production", "public"),
        ("django-insecure-" + "x" * 60, "public"),
        ("k" * 20, "short"),
        ("ab" * 40, "repetitive"),
        ("Vq3_9sK2xL0pZ8yW4tR7uN1mB6cJ5hG-eF2aD9sQ0wE3rT6yU8iO1pA4sD7fG0hJ2kL5", None),
    ],
)
def test_weak_keys(key, reason):
    assert secretkey.weakness(key) == reason


def test_weak_key_fails_the_system_check_unless_debug(settings):
    from renda.core.checks import check_secret_key

    settings.DEBUG = False
    settings.SECRET_KEY = "short"
    assert [m.id for m in check_secret_key(None)] == ["renda.E001"]
    settings.DEBUG = True
    assert check_secret_key(None) == []


def test_local_key_is_written_once(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = secretkey.local_key(path)
    assert secretkey.weakness(first) is None and secretkey.local_key(path) == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_one_unbroken_chain():
    """Eight threads write Events in their own transactions at once: each Event is sealed once, the sequence
    has no gap or repeat, and the chain verifies (SQLite: BEGIN IMMEDIATE; PostgreSQL: the head row lock)."""
    import threading

    from django.db import connections, transaction

    from renda.core.roles import Role
    from tests.factories import user_with_role

    staff = user_with_role(Role.STAFF, username="chain-staff")
    barrier = threading.Barrier(8)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            for _ in range(6):
                with transaction.atomic():
                    _write(2, staff)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert Event.objects.count() == 96
    assert Event.objects.filter(seq__isnull=True).count() == 0
    assert sorted(Event.objects.values_list("seq", flat=True)) == list(range(1, 97))
    verdict = auditchain.verify(seal_first=False)
    assert verdict.ok and verdict.checked == 96
