"""The demo city: its plan valid for any seed and deterministic, the same city for the same seed, and the
demo's code changing no status by itself. The seeded city itself is checked in test_demo_city.py (one seed
for the module)."""

from __future__ import annotations

import ast
import datetime as dt
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from renda.accounts.models import RoleAssignment, User
from renda.core.idnumber import gb11643_check_char
from renda.core.models import Event
from renda.demo.builder import demo_fingerprint, seed_demo
from renda.demo.plan import build_plan
from renda.demo.proposals_plan import build_proposals_plan
from renda.deputies.choices import CommitteePosition, Gender
from renda.deputies.models import CommitteeMember, Deputy, DeputyStatusChange, StandingCommitteeMember
from renda.organization.models import Committee, Congress, Delegation, HandlingUnit, LiaisonStation, Term
from renda.proposals.models import Proposal

MODELS: list[Any] = [  # models, and the stations' through table
    Congress,
    Term,
    Committee,
    Delegation,
    HandlingUnit,
    LiaisonStation,
    User,
    RoleAssignment,
    Deputy,
    DeputyStatusChange,
    StandingCommitteeMember,
    CommitteeMember,
    Deputy.stations.through,
    Event,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def assert_valid_id(number: str, birth: dt.date, gender: str) -> None:
    assert len(number) == 18
    assert number[:17].isdigit()
    assert number[17] == gb11643_check_char(number[:17])
    assert number[6:14] == birth.strftime("%Y%m%d")
    assert int(number[16]) % 2 == (1 if gender == Gender.MALE else 0)


def test_id_checksum_known_value():
    # The example of GB 11643-1999.
    assert gb11643_check_char("11010519491231002") == "X"


def test_same_seed_same_plan_and_other_seed_other_names():
    a, b, c = build_plan(2026), build_plan(2026), build_plan(7)
    assert asdict(a) == asdict(b)
    names_a = [d["name"] for d in a.deputies]
    names_c = [d["name"] for d in c.deputies]
    assert names_a != names_c
    assert [d["id_number"] for d in a.deputies] != [d["id_number"] for d in c.deputies]


@hsettings(max_examples=8, deadline=None)
@given(st.integers(min_value=0, max_value=2**31))
def test_plan_is_valid_for_any_seed(seed):
    plan = build_plan(seed)
    deputies = plan.deputies
    assert 480 <= len(deputies) <= 520
    for d in deputies:
        assert_valid_id(d["id_number"], d["birth_date"], d["gender"])
    for key in ("card_number", "id_number", "phone"):
        assert len({d[key] for d in deputies}) == len(deputies), key
    women = sum(d["gender"] == Gender.FEMALE for d in deputies) / len(deputies)
    assert 0.2 <= women <= 0.4
    han = sum(d["ethnicity"] == "汉族" for d in deputies) / len(deputies)
    assert han >= 0.85
    positions = Counter(p for _c, p in plan.sc_members)
    assert positions == {
        CommitteePosition.CHAIR: 1,
        CommitteePosition.VICE_CHAIR: 5,
        CommitteePosition.SECRETARY_GENERAL: 1,
        CommitteePosition.MEMBER: 33,
    }
    per_station = Counter(s for s, _c in plan.station_members)
    assert len(per_station) == len(plan.stations) == 15
    assert all(5 <= n <= 15 for n in per_station.values())
    ended = {t["card_number"] for t in plan.terminations}
    assert ended and not ended & {c for _s, c in plan.station_members}
    assert not ended & {c for c, _p in plan.sc_members}


@pytest.mark.django_db
def test_same_seed_gives_the_same_city():
    """Two cities of one seed are equal, another seed's differs. The fingerprint reads the city (roster,
    units, stations, memberships, accounts), which `history=False` writes alone: the items' histories are
    checked by the plan's determinism (test_proposals_plan_is_deterministic_and_titles_unique) and on the
    seeded city (test_demo_city.py). Each city is rolled back before the next, as a flush would empty the
    database."""

    def city(seed: int) -> str:
        with transaction.atomic():
            assert seed_demo(seed=seed, history=False).changed
            assert not Proposal.objects.exists()
            fingerprint = demo_fingerprint()
            transaction.set_rollback(True)
        assert not Deputy.objects.exists()
        return fingerprint

    first = city(2026)
    assert city(2026) == first
    assert city(99) != first


def test_proposals_plan_is_deterministic_and_titles_unique():
    a, b = build_proposals_plan(build_plan(2026)), build_proposals_plan(build_plan(2026))
    assert a == b
    assert len({i["title"] for i in a}) == len(a)
    assert 800 <= sum(i["kind"] == "suggestion" for i in a) <= 810
    assert sum(i["kind"] == "motion" for i in a) == 20


FORBIDDEN_CALLS = {"raw", "execute", "executemany", "cursor", "bulk_update"}


def _queryset_update(call: ast.Call) -> bool:
    """`….filter(…).update(status=…)`, `Model.objects.update(…)`: not a set's or a dict's update."""
    func = call.func
    assert isinstance(func, ast.Attribute)
    receiver = func.value
    on_queryset = isinstance(receiver, ast.Call) or (
        isinstance(receiver, ast.Attribute) and receiver.attr == "objects"
    )
    return func.attr == "update" and (on_queryset or bool(call.keywords))


def test_the_demo_code_sets_no_status_and_runs_no_sql():
    """Statuses change only in services: the demo's modules never assign a status, never update rows in
    bulk and never write SQL (bulk_create of reference data is the only direct write)."""
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno}"
                assert not _queryset_update(node), f"{path.name}:{node.lineno}"
            if isinstance(node, ast.Call) and any(kw.arg in ("status", "to_status") for kw in node.keywords):
                # a status only in a lookup or as a service's input, never in a row being built
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name in ("filter", "exclude", "deputy_change_status"), f"{path.name}:{node.lineno}"
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    assert not (isinstance(target, ast.Attribute) and target.attr == "status"), (
                        f"{path.name}:{node.lineno}"
                    )
