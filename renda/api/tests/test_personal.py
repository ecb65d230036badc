import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.accounts.models import RoleAssignment
from renda.api.masking import mask_id_number, mask_phone
from renda.api.personal import PersonalDataViewer
from renda.core.roles import Role
from renda.deputies.permissions import scope_for, sees_id_number, sees_phone
from tests.factories import DeputyFactory, UserFactory


def test_mask_phone_examples():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("") is None
    assert mask_phone(None) is None
    assert mask_phone("12345") == "*****"


def test_mask_id_number_examples():
    assert mask_id_number("33010219750517001X") == "330102********001X"
    assert mask_id_number("") is None


@given(st.text(alphabet="0123456789", min_size=8, max_size=20))
def test_mask_phone_hides_the_middle_and_keeps_the_length(phone):
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert masked[:3] == phone[:3] and masked[-4:] == phone[-4:]
    assert set(masked[3:-4]) == {"*"}


@given(st.text(alphabet="0123456789X", min_size=11, max_size=18))
def test_mask_id_number_hides_birth_date_and_keeps_the_length(value):
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert masked[:6] == value[:6] and masked[-4:] == value[-4:]
    assert set(masked[6:-4]) == {"*"}


@given(st.text(max_size=7))
def test_short_values_are_fully_masked(value):
    masked = mask_phone(value)
    assert masked is None or set(masked) <= {"*"}


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
