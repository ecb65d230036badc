import pytest

from renda.accounts.models import RoleAssignment
from renda.api.personal import PersonalDataViewer
from renda.core.roles import Role
from renda.deputies.permissions import scope_for, sees_id_number, sees_phone
from tests.factories import DeputyFactory, UserFactory


@pytest.mark.django_db
def test_viewer_agrees_with_the_permission_rules(role_users, roster):
    """The batched viewer must give the same answers as renda.deputies.permissions for every role."""
    # A user holding both keeper and deputy roles, and one holding keeper and leader.
    combo = UserFactory(username="keeper-deputy")
    RoleAssignment.objects.create(user=combo, role=Role.DEPUTY)
    RoleAssignment.objects.create(user=combo, role=Role.STATION_KEEPER)
    combo_deputy = DeputyFactory(user=combo)
    roster["station"].deputies.add(combo_deputy)
    keeper_leader = role_users[Role.STATION_KEEPER]
    users = [*role_users.values(), combo]
    deputies = [roster["own"], roster["on_station"], roster["other"], combo_deputy]
    for user in users:
        viewer = PersonalDataViewer(user)
        for deputy in deputies:
            assert viewer.sees_id_number(deputy) == sees_id_number(user, deputy), (user, deputy)
            assert viewer.sees_phone(deputy) == sees_phone(user, deputy), (user, deputy)
    RoleAssignment.objects.create(user=keeper_leader, role=Role.LEADER)
    keeper_leader.forget_roles()
    viewer = PersonalDataViewer(keeper_leader)
    for deputy in deputies:
        assert viewer.sees_phone(deputy) == sees_phone(keeper_leader, deputy)


@pytest.mark.django_db
def test_viewer_reads_the_keepers_stations_once(role_users, roster, django_assert_num_queries):
    keeper = role_users[Role.STATION_KEEPER]
    deputies = [*scope_for(keeper, "list"), roster["other"], roster["own"]]
    viewer = PersonalDataViewer(keeper)
    with django_assert_num_queries(1):
        answers = [viewer.sees_phone(d) for d in deputies]
    assert answers == [True, False, False]
