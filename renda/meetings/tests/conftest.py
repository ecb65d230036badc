import pytest

from renda.core.roles import Role
from renda.meetings import services
from tests.factories import (
    DelegationFactory,
    DeputyFactory,
    SessionFactory,
    StandingCommitteeMemberFactory,
    TermFactory,
    user_with_role,
)


@pytest.fixture
def staff(role_users):
    return role_users[Role.STAFF]


@pytest.fixture
def term(db):
    return TermFactory()


@pytest.fixture
def make_session(term, role_users):
    """make_session(deputies=n, kind=...) → a session of the term whose roll the service has drawn up:
    n new deputies (or standing-committee members), plus, for a congress, every deputy already in the
    term, among them the role users' deputy (role_users is created first for that reason)."""

    def make(*, deputies: int = 0, kind: str = "congress", open_roll: bool = True, actor=None):
        delegation = DelegationFactory(term=term)
        if kind == "congress":
            for _i in range(deputies):
                DeputyFactory(delegation=delegation)
        else:
            for _i in range(deputies):
                StandingCommitteeMemberFactory(
                    standing_committee__term=term, deputy=DeputyFactory(delegation=delegation)
                )
        session = SessionFactory(term=term, kind=kind)
        if open_roll:
            actor = actor or user_with_role(Role.STAFF, username="roll-staff")
            session = services.session_open_check_in(actor=actor, session_id=session.pk)
        return session

    return make


@pytest.fixture
def deputy_user(role_users):
    return role_users[Role.DEPUTY]
