"""Deputies' ID-card and phone numbers are stored encrypted (SM4-GCM) and found by their blind index."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db import IntegrityError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from renda.core import crypto
from renda.deputies.models import Deputy
from tests.factories import DeputyFactory

ID = "110101199003077777"
PHONE = "13912345678"


def _raw(table: str, pk: int) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number, phone, id_number_index FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.django_db
def test_the_database_holds_no_id_or_phone_number_in_clear():
    deputy = DeputyFactory(id_number=ID, phone=PHONE)
    idn, phone, index = _raw("deputies_deputy", deputy.pk)
    assert ID not in idn and PHONE not in phone and "19900307" not in idn
    assert idn.startswith("sm4gcm:1:") and phone.startswith("sm4gcm:1:")
    assert index == crypto.blind_index(ID) and ID not in index
    with connection.cursor() as cursor:  # the history table too
        cursor.execute("SELECT id_number, phone FROM deputies_historicaldeputy WHERE id = %s", [deputy.pk])
        rows = cursor.fetchall()
    assert rows and all(ID not in r[0] and PHONE not in r[1] for r in rows)
    fresh = Deputy.objects.get(pk=deputy.pk)
    assert (fresh.id_number, fresh.phone) == (ID, PHONE)


@pytest.mark.django_db
def test_lookup_by_id_number_goes_through_the_index_and_a_plain_filter_is_refused():
    deputy = DeputyFactory(id_number=ID)
    assert list(Deputy.objects.filter(id_number_index=crypto.blind_index(ID.lower()))) == [deputy]
    with pytest.raises(FieldError, match="blind index"):
        list(Deputy.objects.filter(id_number=ID))
    no_phone = DeputyFactory(term=deputy.term, delegation=deputy.delegation, phone="")
    assert list(Deputy.objects.filter(phone="")) == [no_phone]  # "is it blank?" still works


@pytest.mark.django_db
def test_one_id_number_per_term_is_still_enforced_by_the_database():
    deputy = DeputyFactory(id_number=ID)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeputyFactory(term=deputy.term, delegation=deputy.delegation, id_number=ID)


@pytest.mark.django_db
def test_a_changed_ciphertext_is_detected():
    deputy = DeputyFactory(id_number=ID)
    idn, _phone, _index = _raw("deputies_deputy", deputy.pk)
    body = idn.rsplit(":", 1)[1]
    forged = idn[: -len(body)] + ("A" if body[0] != "A" else "B") + body[1:]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE deputies_deputy SET id_number = %s WHERE id = %s", [forged, deputy.pk])
    with pytest.raises(crypto.DecryptionError):
        Deputy.objects.get(pk=deputy.pk)


@given(st.text(alphabet="0123456789Xx ", min_size=1, max_size=20))
def test_encryption_round_trips_and_is_randomised(value):
    stored = crypto.encrypt(value)
    assert crypto.decrypt(stored) == value
    assert crypto.encrypt(value) != stored  # a fresh nonce each time
    assert crypto.blind_index(value) == crypto.blind_index(value.lower().replace(" ", ""))


@pytest.mark.django_db
def test_citizens_and_users_phones_are_encrypted_too():
    from renda.accounts.models import User
    from tests.factories import UserFactory

    user = UserFactory(phone=PHONE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith("sm4gcm:1:") and PHONE not in stored
    assert User.objects.get(pk=user.pk).phone == PHONE


@pytest.mark.django_db
def test_the_data_migration_encrypts_clear_values_once():
    """crypto.encrypt_existing (the migrations' step) turns clear values into ciphertext and leaves the
    encrypted ones and blanks as they are."""
    from types import SimpleNamespace

    from tests.factories import UserFactory

    clear, blank, done = UserFactory(phone=""), UserFactory(phone=""), UserFactory(phone=PHONE)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET phone = %s WHERE id = %s", ["13700001111", clear.pk])
    editor = SimpleNamespace(connection=connection)
    assert crypto.encrypt_existing(editor, "accounts_user", ("phone",)) == 1
    assert crypto.encrypt_existing(editor, "accounts_user", ("phone",)) == 0
    from renda.accounts.models import User

    assert User.objects.get(pk=clear.pk).phone == "13700001111"
    assert User.objects.get(pk=blank.pk).phone == "" and User.objects.get(pk=done.pk).phone == PHONE
