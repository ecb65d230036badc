"""Every state-changing service of every app on the spine calls `spine.require` before it locks a row.

Two proofs per app, from a small registry (an app moving onto the spine adds its entry):
- by reading: an AST walk of the app's services module — each function that runs in a transaction
  (`@transaction.atomic`) calls `spine.require`, and before any `spine.lock` / `select_for_update`, helpers
  of the same module followed in the order Python evaluates them (arguments before the call);
- by running: each service called with valid input under `spine.trace()` records a "require" before its
  first "lock"; and every such service of the module has a run here (a new service cannot be forgotten).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from renda.core import spine


@dataclass(frozen=True)
class AppServices:
    module: str
    # (role_users) -> {service name: a call of it with valid input by someone allowed}
    runs: Callable[[dict], dict[str, Callable[[], Any]]]


def _meetings_runs(role_users) -> dict[str, Callable[[], Any]]:
    from renda.meetings import services as meeting_services
    from renda.meetings.tests.scenario import CALLS, build
    from tests.factories import TermFactory

    term = TermFactory()
    staff = role_users["staff"]
    # built before any run is traced; the quorate one first (the roll is every deputy of the term so far)
    names = ("check_in_quorate", "planned", "check_in", "in_progress", "closed")
    scenes = {name: build(term, role_users, name) for name in names}

    def run(state_name: str, action: str) -> Callable[[], Any]:
        return lambda: CALLS[action](staff, scenes[state_name], True)

    return {
        "session_create": run("planned", "create"),
        "agenda_item_add": run("planned", "add_item"),
        "session_open_check_in": run("planned", "open_check_in"),
        "session_start": run("check_in_quorate", "start"),
        "session_close": run("in_progress", "close"),
        "check_in": run("check_in", "check_in"),
        # staff check in a batch (the desk on session day): every line required before the session's lock
        "check_in_many": lambda: meeting_services.check_in_many(
            actor=staff,
            session_id=scenes["check_in"].session.pk,
            deputy_ids=[scenes["check_in"].other_deputy_id],
        ),
        "leave_request": run("in_progress", "request_leave"),
        "leave_decide": run("check_in", "decide_leave"),
        "deliberation_note_add": run("closed", "add_note"),
        "document_add": run("closed", "add_document"),
    }


def _deputies_runs(role_users) -> dict[str, Callable[[], Any]]:
    from django.utils import timezone

    from renda.deputies import services
    from tests.factories import DeputyFactory

    staff, deputy = role_users["staff"], DeputyFactory()
    return {
        "deputy_change_status": lambda: services.deputy_change_status(
            actor=staff, deputy_id=deputy.pk, to_status="suspended", effective_date=timezone.localdate()
        ),
        "deputy_update": lambda: services.deputy_update(actor=staff, deputy_id=deputy.pk, name="新名"),
    }


REGISTRY: dict[str, AppServices] = {
    "meetings": AppServices("renda.meetings.services", _meetings_runs),
    "deputies": AppServices("renda.deputies.services", _deputies_runs),
}


# --- by reading ---------------------------------------------------------------------------------------------


def _is_atomic(fn: ast.FunctionDef) -> bool:
    return any("atomic" in ast.unparse(d) for d in fn.decorator_list)


def _call_kind(node: ast.Call, local: set[str]) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute):
        if func.attr == "select_for_update" or (func.attr == "lock" and ast.unparse(func.value) == "spine"):
            return "lock"
        if func.attr == "require" and ast.unparse(func.value) == "spine":
            return "require"
    if isinstance(func, ast.Name) and func.id in local:
        return "call:" + func.id
    return None


def _events(
    name: str, functions: dict[str, ast.FunctionDef], seen: frozenset[str] = frozenset()
) -> list[str]:
    """The "require" and "lock" a function performs, in evaluation order, local helpers expanded."""
    out: list[str] = []

    class Visitor(ast.NodeVisitor):
        def visit_Call(self, node: ast.Call) -> None:
            self.generic_visit(node)  # the arguments are evaluated before the call
            kind = _call_kind(node, set(functions))
            if kind is None:
                return
            if kind.startswith("call:"):
                callee = kind[5:]
                if callee not in seen and callee != name:
                    out.extend(_events(callee, functions, seen | {name}))
            else:
                out.append(kind)

        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # nested defs run later, if ever
            if node is functions[name]:
                self.generic_visit(node)

        visit_Lambda = ast.NodeVisitor.generic_visit

    Visitor().visit(functions[name])
    return out


def _functions(module) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(inspect.getsource(module))
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _state_changing(module) -> list[str]:
    return [name for name, fn in _functions(module).items() if _is_atomic(fn) and not name.startswith("_")]


@pytest.mark.parametrize("app", sorted(REGISTRY))
def test_every_service_requires_before_it_locks_by_reading(app):
    module = importlib.import_module(REGISTRY[app].module)
    functions = _functions(module)
    services = _state_changing(module)
    assert services, f"{app}: no state-changing service found"
    wrong = []
    for name in services:
        events = _events(name, functions)
        if "require" not in events:
            wrong.append(f"{app}.{name}: never calls spine.require")
        elif "lock" in events and events.index("lock") < events.index("require"):
            wrong.append(f"{app}.{name}: locks before spine.require ({events})")
    assert not wrong, "\n".join(wrong)


def test_the_reader_sees_a_lock_before_require():
    source = """
@transaction.atomic
def bad(*, actor, pk):
    row = _locked(pk)
    spine.require(actor, row, "go")

def _locked(pk):
    return Thing.objects.select_for_update().get(pk=pk)

@transaction.atomic
def good(*, actor, pk):
    spine.require_state(spine.lock(Thing, spine.require(actor, thing(pk), "go").pk), "go")
"""
    functions = {n.name: n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}
    assert _events("bad", functions) == ["lock", "require"]
    assert _events("good", functions) == ["require", "lock"]


# --- by running ---------------------------------------------------------------------------------------------


class _Undo(Exception):
    pass


@pytest.mark.django_db
@pytest.mark.parametrize("app", sorted(REGISTRY))
def test_every_service_requires_before_it_locks_when_run(app, role_users):
    entry = REGISTRY[app]
    module = importlib.import_module(entry.module)
    runs = entry.runs(role_users)
    assert set(runs) == set(_state_changing(module)), f"{app}: every state-changing service has a run"
    wrong = []
    for name, call in runs.items():
        try:
            with spine.trace() as calls, transaction.atomic():
                call()
                raise _Undo
        except _Undo:
            pass
        kinds = [kind for kind, _model, _action in calls]
        if "require" not in kinds:
            wrong.append(f"{app}.{name}: no require ({calls})")
        elif "lock" in kinds and kinds.index("lock") < kinds.index("require"):
            wrong.append(f"{app}.{name}: locked before require ({calls})")
    assert not wrong, "\n".join(wrong)
