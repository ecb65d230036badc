"""factory_boy factories shared by every app's tests. Real models, real database: no mocks."""

from __future__ import annotations

import datetime as dt

import factory
from django.conf import settings

from renda.accounts.models import RoleAssignment, User
from renda.core.idnumber import with_check_char
from renda.core.roles import UNIT_ROLES, Role
from renda.deputies.choices import Gender, Occupation, Party
from renda.deputies.models import Deputy
from renda.organization.choices import UnitKind
from renda.organization.models import Congress, Delegation, HandlingUnit, LiaisonStation, Term

PASSWORD = "test-pass-123456"


def id_number_with_checksum(body17: str) -> str:
    return with_check_char(body17)


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Congress
        django_get_or_create = ("name",)

    name = "江临市人民代表大会"
    level = "city"
    region = "江临市"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("congress", "number")

    congress = factory.SubFactory(CongressFactory)
    number = 16
    start_date = dt.date(2022, 1, 1)
    is_current = True


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation
        django_get_or_create = ("term", "name")

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"第{n + 1}代表团")
    order = factory.Sequence(lambda n: n)


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit

    name = factory.Sequence(lambda n: f"测试局{n + 1}")
    code = factory.Sequence(lambda n: f"U{n + 1:04d}")
    kind = UnitKind.GOVERNMENT


class LiaisonStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonStation

    name = factory.Sequence(lambda n: f"测试联络站{n + 1}")
    address = "江临市测试路1号"


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    delegation = factory.SubFactory(DelegationFactory)
    term = factory.SelfAttribute("delegation.term")
    name = factory.Sequence(lambda n: f"代表{n + 1}")
    # the ID number's 17th digit is odd for men (GB 11643), so gender follows it
    gender = factory.LazyAttribute(lambda o: Gender.MALE if int(o.id_number[16]) % 2 else Gender.FEMALE)
    ethnicity = "汉族"
    birth_date = dt.date(1975, 5, 17)
    id_number = factory.Sequence(lambda n: id_number_with_checksum(f"33010219750517{n % 1000:03d}"))
    party = Party.CPC
    occupation = Occupation.PROFESSIONAL
    workplace = "江临市第一人民医院院长"
    card_number = factory.Sequence(lambda n: f"16{n + 1:05d}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, *, username: str | None = None, unit: HandlingUnit | None = None) -> User:
    """A user holding `role`; unit roles get a unit, a deputy gets a Deputy record, a keeper a station."""
    name = username or f"{role}-user"
    # an existing user is only given the role: the factory would set its password again, which changes its
    # session hash and signs out a browser already signed in as that user
    user = User.objects.filter(username=name).first() or UserFactory(username=name)
    if role in UNIT_ROLES and unit is None:
        unit = HandlingUnitFactory()
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit if role in UNIT_ROLES else None)
    if role == Role.DEPUTY and not Deputy.objects.filter(user=user).exists():
        DeputyFactory(user=user, name=f"{user.username}代表")
    if role == Role.STATION_KEEPER and not user.kept_stations.exists():
        LiaisonStationFactory(keeper=user)
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    user.forget_roles()
    return user


assert settings.AUTH_USER_MODEL == "accounts.User"


# --- appended by the organisation/deputy pages work ---------------------------------------------


class StandingCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organization.StandingCommittee"
        django_get_or_create = ("term",)

    term = factory.SubFactory(TermFactory)
    name = "江临市人民代表大会常务委员会"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organization.Committee"

    standing_committee = factory.SubFactory(StandingCommitteeFactory)
    kind = "special"
    name = factory.Sequence(lambda n: f"测试委员会{n + 1}")


class StandingCommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deputies.StandingCommitteeMember"

    standing_committee = factory.SubFactory(StandingCommitteeFactory)
    deputy = factory.SubFactory(DeputyFactory)
    position = "member"
    start_date = dt.date(2022, 1, 10)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deputies.CommitteeMember"

    committee = factory.SubFactory(CommitteeFactory)
    deputy = factory.SubFactory(DeputyFactory)
    position = "member"


# --- appended by the meetings work (issue 4) -----------------------------------------------------


class SessionFactory(factory.django.DjangoModelFactory):
    """A planned congress session of the current term (no roll until session_open_check_in)."""

    class Meta:
        model = "meetings.Session"

    term = factory.SubFactory(TermFactory)
    kind = "congress"
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"第十六届人民代表大会第{o.number}次会议")
    start_date = dt.date(2026, 1, 10)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.AgendaItem"

    session = factory.SubFactory(SessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = "resolution"
    title = factory.Sequence(lambda n: f"关于测试事项{n + 1}的决议（草案）")
