"""Rotating the data key: values written under the old master key stay readable while it is listed as retired;
`data_key_rotate` re-encrypts them and recomputes the blind indexes under the new one, leaves no history row,
is resumable, and refuses a value under an unknown key."""

from __future__ import annotations

import secrets

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from renda.core import crypto, keyrotation
from renda.core.models import Event
from renda.deputies.models import Deputy
from tests.factories import DeputyFactory

ID = "110101199003077777"
PHONE = "13912345678"
OLD = secrets.token_hex(32)
NEW = secrets.token_hex(32)


def _raw(pk: int) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, id_number_index FROM deputies_deputy WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.fixture
def old_key(settings):
    settings.DATA_KEY, settings.DATA_KEY_ID, settings.DATA_KEYS_RETIRED = OLD, "1", {}
    return settings


def _switch_to_new(settings, *, keep_old: bool = True) -> None:
    settings.DATA_KEY, settings.DATA_KEY_ID = NEW, "2"
    settings.DATA_KEYS_RETIRED = {"1": OLD} if keep_old else {}


@pytest.mark.django_db
def test_rotation_re_encrypts_and_reindexes_under_the_new_key(old_key, capsys):
    deputies = [DeputyFactory(id_number=ID, phone=PHONE)]
    deputies.append(DeputyFactory(term=deputies[0].term, delegation=deputies[0].delegation, phone=""))
    before = _raw(deputies[0].pk)
    history_rows = deputies[0].history.count()
    _switch_to_new(old_key)

    # Before the rotation: the old values still read (retired key), but a lookup needs the new index.
    assert Deputy.objects.get(pk=deputies[0].pk).id_number == ID
    assert not Deputy.objects.filter(id_number_index=crypto.blind_index(ID)).exists()
    with pytest.raises(CommandError, match="not under the current key 2"):
        call_command("data_key_rotate", "--check")

    call_command("data_key_rotate", "--batch", "1")
    idn, phone, index = _raw(deputies[0].pk)
    assert idn.startswith("sm4gcm:2:") and phone.startswith("sm4gcm:2:")
    assert idn != before[0] and index != before[2] and index == crypto.blind_index(ID)
    assert list(Deputy.objects.filter(id_number_index=crypto.blind_index(ID))) == [deputies[0]]
    assert _raw(deputies[1].pk)[1] == ""  # blank stays blank
    assert deputies[0].history.count() == history_rows  # no personal data changed: no history row
    event = Event.objects.get(action="data_key_rotate")
    assert event.changes["key_id"] == "2" and event.changes["rows"]["deputies.Deputy"] == 2
    assert ID not in str(event.changes) and PHONE not in str(event.changes)

    # Done: the old key can go; everything still reads; a second run changes nothing.
    _switch_to_new(old_key, keep_old=False)
    fresh = Deputy.objects.get(pk=deputies[0].pk)
    assert (fresh.id_number, fresh.phone) == (ID, PHONE)
    call_command("data_key_rotate", "--check")
    assert "every value is under key 2" in capsys.readouterr().out
    assert services_rotate_again() == 0
    history = deputies[0].history.first()
    assert history is not None and history.id_number == ID  # the history table was rotated too


def services_rotate_again() -> int:
    return sum(keyrotation.rotate().values())


@pytest.mark.django_db
def test_a_value_under_an_unknown_key_stops_the_run_and_says_so(old_key):
    deputy = DeputyFactory(id_number=ID, phone=PHONE)
    _switch_to_new(old_key, keep_old=False)
    with pytest.raises(CommandError, match="key 1, which is neither current nor listed as retired"):
        call_command("data_key_rotate")
    assert _raw(deputy.pk)[0].startswith("sm4gcm:1:")  # nothing half-written
    assert not Event.objects.filter(action="data_key_rotate").exists()


@pytest.mark.django_db
def test_a_row_saved_meanwhile_is_not_overwritten(old_key):
    deputy = DeputyFactory(id_number=ID, phone=PHONE)
    _switch_to_new(old_key)
    table = next(t for t in keyrotation.encrypted_tables() if t.model is Deputy)
    idn, phone, index = _raw(deputy.pk)
    read = {"id_number": idn, "phone": phone, "id_number_index": index}
    changes = keyrotation._rotated_row(table, read, "2")
    assert set(changes) == {"id_number", "phone", "id_number_index"}
    # A page saves a new phone under the new key between the read and the write: the compare-and-set misses.
    Deputy.objects.filter(pk=deputy.pk).update(phone="13800000000")
    assert sum(keyrotation.rotate().values()) >= 1
    fresh = Deputy.objects.get(pk=deputy.pk)
    assert (fresh.id_number, fresh.phone) == (ID, "13800000000")


def test_every_encrypted_table_is_found():
    labels = {t.label for t in keyrotation.encrypted_tables()}
    assert {"deputies.Deputy", "deputies.HistoricalDeputy", "accounts.User"} <= labels
    deputy = next(t for t in keyrotation.encrypted_tables() if t.label == "deputies.Deputy")
    assert ("id_number_index", "id_number") in deputy.indexes
