"""The demo's government procedures, written through the services: one decision through all five steps to
publication, one found unlawful and returned, one open for comment now; three enforcement cases (a major one
issued after its legal review and published, a minor one issued, a major one waiting for review); a second run
writes nothing."""

import pytest

from renda.core.roles import Role
from renda.demo.logins import Users
from renda.demo.names import CITY, HANDLER_UNIT_NAME
from renda.demo.procedures import write_procedures
from renda.procedures import selectors
from renda.procedures.models import Case, Comment, Decision
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_demo_procedures_through_the_services():
    for name in ("人民政府办公室", "司法局", "市场监督管理局", "生态环境局"):
        HandlingUnitFactory(name=f"{CITY}{name}")
    transport = HandlingUnitFactory(name=HANDLER_UNIT_NAME)
    handler = user_with_role(Role.UNIT_HANDLER, username="handler", unit=transport)
    users = Users(
        by_name={"admin": user_with_role(Role.ADMIN, username="admin")}, unit_handler={transport.pk: handler}
    )
    created: dict[str, int] = {}
    write_procedures(users, created)
    assert created == {"procedures": 3, "cases": 3}
    assert sorted(Decision.objects.values_list("status", flat=True)) == ["preparing", "published", "returned"]
    waste = Decision.objects.get(status="preparing")
    assert selectors.public_decision(waste.pk) is not None and Comment.objects.filter(decision=waste).exists()
    assert sorted(Case.objects.values_list("status", flat=True)) == ["issued", "proposed", "published"]
    waiting = Case.objects.get(status="proposed")
    assert waiting.major and selectors.review_passed(waiting) is None
    assert all(not c.changed for case in Case.objects.all() for c in selectors.record_checked(case))
    write_procedures(users, created)  # a second run writes nothing
    assert Decision.objects.count() == 3 and Case.objects.count() == 3


def test_demo_the_congress_raises_after_the_supervision_plan():
    from renda.demo.procedures import write_raised
    from renda.procedures.models import Raised
    from renda.supervision import services as supervision
    from tests.factories import TermFactory

    for name in ("人民政府办公室", "司法局", "市场监督管理局", "生态环境局"):
        HandlingUnitFactory(name=f"{CITY}{name}")
    transport = HandlingUnitFactory(name=HANDLER_UNIT_NAME)
    staff = user_with_role(Role.STAFF, username="staff")
    users = Users(
        by_name={"admin": user_with_role(Role.ADMIN, username="admin"), "staff": staff},
        unit_handler={transport.pk: user_with_role(Role.UNIT_HANDLER, username="handler", unit=transport)},
    )
    created: dict[str, int] = {}
    write_procedures(users, created)
    write_raised(users, created)  # no supervision plan yet: nothing
    assert not Raised.objects.exists()
    supervision.plan_create(actor=staff, term_id=TermFactory(is_current=True).pk, year=2026)
    write_raised(users, created)
    assert created["procedures_raised"] == 2
    kinds = sorted(Raised.objects.values_list("item__kind", "item__body__name"))
    assert kinds == [("enforcement", f"{CITY}市场监督管理局"), ("work_report", HANDLER_UNIT_NAME)]
    write_raised(users, created)  # a second run writes nothing
    assert Raised.objects.count() == 2
