"""Role services and the database's own guard on role assignments."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from renda.accounts import services
from renda.accounts.models import RoleAssignment
from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.core.roles import Role
from tests.factories import HandlingUnitFactory, UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="wangwu")


@pytest.fixture
def actor(db):
    return UserFactory(username="admin-actor")


@pytest.mark.production_hashers
def test_user_create_hashes_and_audits(actor):
    user = services.user_create(
        actor=actor, username="newbie", password="Jiangling-2026!", display_name="新人"
    )
    assert user.password.startswith("argon2")
    assert user.check_password("Jiangling-2026!")
    assert Event.objects.filter(action="user_create", object_id=str(user.pk), actor=actor).exists()
    with pytest.raises(ApplicationError) as exc:
        services.user_create(actor=actor, username="newbie", password=None)
    assert exc.value.field == "username"


def test_user_create_without_password_is_unusable(actor):
    user = services.user_create(actor=actor, username="nopass", password=None)
    assert not user.has_usable_password()


def test_role_grant_refuses_a_unit_role_without_a_unit(actor, user):
    for role in (Role.UNIT_HANDLER, Role.UNIT_LEADER):
        with pytest.raises(ApplicationError) as exc:
            services.role_grant(actor=actor, user=user, role=role)
        assert exc.value.field == "unit"
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_role_grant_refuses_an_unknown_role(actor, user):
    with pytest.raises(ApplicationError) as exc:
        services.role_grant(actor=actor, user=user, role="emperor")
    assert exc.value.field == "role"


def test_role_grant_is_audited_and_idempotent(actor, user):
    services.role_grant(actor=actor, user=user, role=Role.STAFF)
    services.role_grant(actor=actor, user=user, role=Role.STAFF)
    assert RoleAssignment.objects.filter(user=user, role=Role.STAFF).count() == 1
    assert Event.objects.filter(action="role_grant", object_id=str(user.pk)).count() == 1
    assert user.has_role(Role.STAFF)


def test_unit_role_binds_the_unit_and_other_roles_drop_it(actor, user):
    unit = HandlingUnitFactory()
    a = services.role_grant(actor=actor, user=user, role=Role.UNIT_HANDLER, unit=unit)
    assert a.unit == unit
    b = services.role_grant(actor=actor, user=user, role=Role.AUDITOR, unit=unit)
    assert b.unit is None


def test_admin_role_grants_and_revoke_removes_staff_status(actor, user):
    assert not user.is_staff
    services.role_grant(actor=actor, user=user, role=Role.ADMIN)
    user.refresh_from_db()
    assert user.is_staff and user.is_superuser
    services.role_revoke(actor=actor, user=user, role=Role.ADMIN)
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser
    assert not user.has_role(Role.ADMIN)
    assert Event.objects.filter(action="role_revoke", object_id=str(user.pk)).count() == 1


def test_role_revoke_of_a_unit_role_only_touches_that_unit(actor, user):
    one, two = HandlingUnitFactory(), HandlingUnitFactory()
    services.role_grant(actor=actor, user=user, role=Role.UNIT_LEADER, unit=one)
    services.role_grant(actor=actor, user=user, role=Role.UNIT_LEADER, unit=two)
    assert user.unit_ids == {one.pk, two.pk}
    services.role_revoke(actor=actor, user=user, role=Role.UNIT_LEADER, unit=one)
    assert user.unit_ids == {two.pk}
    services.role_revoke(actor=actor, user=user, role=Role.UNIT_LEADER, unit=one)  # nothing left to revoke
    assert Event.objects.filter(action="role_revoke").count() == 1


def test_database_refuses_a_unit_role_without_a_unit(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.UNIT_HANDLER, unit=None)


def test_database_refuses_a_unit_on_another_role(user):
    unit = HandlingUnitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.STAFF, unit=unit)


def test_database_refuses_the_same_unbound_role_twice(user):
    RoleAssignment.objects.create(user=user, role=Role.STAFF)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.STAFF)


def test_has_role_and_unit_ids(user):
    handler_unit, leader_unit = HandlingUnitFactory(), HandlingUnitFactory()
    RoleAssignment.objects.create(user=user, role=Role.DEPUTY)
    RoleAssignment.objects.create(user=user, role=Role.UNIT_HANDLER, unit=handler_unit)
    RoleAssignment.objects.create(user=user, role=Role.UNIT_LEADER, unit=leader_unit)
    user.forget_roles()
    assert user.has_role(Role.DEPUTY)
    assert user.has_role(Role.STAFF, Role.DEPUTY)
    assert not user.has_role(Role.STAFF)
    assert not user.has_role()
    assert user.unit_ids == {handler_unit.pk, leader_unit.pk}
    assert user.unit_ids_for(Role.UNIT_HANDLER) == {handler_unit.pk}
    assert user.unit_ids_for(Role.UNIT_LEADER) == {leader_unit.pk}
    assert user.unit_ids_for(Role.DEPUTY) == frozenset()


def test_roles_are_read_once_per_request(user, django_assert_num_queries):
    RoleAssignment.objects.create(user=user, role=Role.DEPUTY)
    user.forget_roles()
    with django_assert_num_queries(1):
        user.has_role(Role.DEPUTY)
        user.has_role(Role.STAFF)
        _ = user.unit_ids


def test_anonymous_has_no_role():
    from django.contrib.auth.models import AnonymousUser

    from renda.core.roles import has_role

    assert not has_role(AnonymousUser(), Role.STAFF)
