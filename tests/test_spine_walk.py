"""The spine, walked across every app: each registered policy's table is checked against its app's services.

1. Every state-changing service that locks a row of a model with a workflow policy (``spine.lock(Model, …)``
   or ``Model.objects.select_for_update()``) calls ``spine.require`` (or ``require``) BEFORE that lock, in
   source order, directly or through a private helper of the same module (or of its services package).
2. Every action of every table is required by some service of its app: ``require(…, "<action>")`` appears
   in the app's services (so no row of a table is a button without a check behind it).
3. No service module locks by hand a workflow model outside ``spine.lock`` without a prior ``require``.

What each page draws is tested per app (``test_*buttons*``): exactly ``available_actions``, which the tests
above tie to the services' own check.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from renda.core import spine

ROOT = Path(__file__).resolve().parent.parent / "renda"
LOCKS = {"lock", "select_for_update", "_lock", "lock_state"}
# private helpers that require the action they are handed, then lock (proposals' _acquire)
ACQUIRES = {"_acquire"}
REQUIRES = {"require"}


def service_modules(app: str) -> list[Path]:
    base = ROOT / app
    files = [base / "services.py"] if (base / "services.py").exists() else []
    if (base / "services").is_dir():
        files += sorted((base / "services").glob("*.py"))
    return files


def _called_name(node: ast.Call) -> str | None:
    f = node.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return None


def _calls_in_order(fn: ast.AST) -> list[ast.Call]:
    calls = [n for n in ast.walk(fn) if isinstance(n, ast.Call)]
    return sorted(calls, key=lambda c: (c.lineno, c.col_offset))


def _lock_call_model_names(call: ast.Call) -> set[str]:
    chain: ast.AST = call.func
    found = set()
    for n in ast.walk(call):
        if isinstance(n, ast.Name):
            found.add(n.id)
    while isinstance(chain, ast.Attribute):
        chain = chain.value
        if isinstance(chain, ast.Name):
            found.add(chain.id)
        if isinstance(chain, ast.Call):
            for n in ast.walk(chain):
                if isinstance(n, ast.Name):
                    found.add(n.id)
    return found


def analyse(path: Path, models: set[str]) -> dict[str, tuple[int | None, int | None]]:
    """For each top-level function: (line of the first require, line of the first lock of a workflow model),
    following calls to the module's own private helpers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    if path.parent.name == "services":  # a services package: its modules' private helpers are followed too
        for sibling in sorted(path.parent.glob("_*.py")):
            if sibling != path and sibling.name != "__init__.py":
                shared = ast.parse(sibling.read_text(encoding="utf-8"))
                for n in shared.body:
                    if isinstance(n, ast.FunctionDef) and n.name.startswith("_"):
                        funcs.setdefault(n.name, n)
    memo: dict[str, tuple[bool, bool, bool]] = {}

    def kind(name: str, seen: frozenset[str] = frozenset()) -> tuple[bool, bool]:
        """(requires first, locks a workflow model) for a private helper."""
        if name in memo:
            return memo[name][:2]
        if name in seen or name not in funcs:
            return (False, False)
        req, lk = first_lines(funcs[name], seen | {name})
        result = (req is not None and (lk is None or req < lk), lk is not None)
        memo[name] = (*result, True)
        return result

    def first_lines(fn: ast.FunctionDef, seen: frozenset[str]) -> tuple[int | None, int | None]:
        req = lk = None
        for call in _calls_in_order(fn):
            name = _called_name(call)
            if name is None:
                continue
            if name in REQUIRES and req is None:
                req = call.lineno
            elif name in LOCKS and lk is None and (_lock_call_model_names(call) & models or name == "_lock"):
                lk = call.lineno
            elif name in funcs and name != fn.name:
                helper_req, helper_lock = kind(name, seen)
                if helper_req and req is None:
                    req = call.lineno
                if helper_lock and lk is None:
                    lk = call.lineno
        return req, lk

    return {name: first_lines(fn, frozenset({name})) for name, fn in funcs.items()}


def policies_by_app() -> dict[str, list[spine.Policy]]:
    out: dict[str, list[spine.Policy]] = {}
    for model, policy in spine.registered().items():
        if not policy.workflow.actions:
            continue  # a scope-only policy (units, delegations): registers, no workflow to walk
        out.setdefault(model._meta.app_label, []).append(policy)
    return out


def workflow_apps() -> set[str]:
    """The apps that declare a transition table (a `workflow.py` beside their models), core aside."""
    return {p.parent.name for p in ROOT.glob("*/workflow.py") if p.parent.name != "core"}


def test_every_workflow_app_registers_a_policy():
    """Every app with a table is walked below: a new app's `workflow.py` without a registered policy (or a
    policy without a table) fails here, so the walk cannot silently skip it."""
    apps = set(policies_by_app())
    assert apps == workflow_apps(), apps ^ workflow_apps()
    assert {"proposals", "meetings", "voting", "deputies", "livelihood"} <= apps, apps


@pytest.mark.parametrize("app", sorted(policies_by_app()))
def test_every_service_requires_before_it_locks(app):
    models = {p.model.__name__ for p in policies_by_app()[app]}
    problems = []
    for path in service_modules(app):
        for name, (req, lk) in analyse(path, models).items():
            if name.startswith("_") or lk is None:
                continue
            if req is None or req > lk:
                problems.append(f"{path.relative_to(ROOT)}:{name} locks at line {lk} before require ({req})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("app", sorted(policies_by_app()))
def test_every_action_of_the_table_is_required_by_a_service(app):
    text = "\n".join(p.read_text(encoding="utf-8") for p in service_modules(app))
    required: set[str] = set()
    for path in service_modules(app):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for call in ast.walk(fn):
                if not (isinstance(call, ast.Call) and _called_name(call) in REQUIRES | ACQUIRES):
                    continue
                args = [*call.args, *(k.value for k in call.keywords)]
                literal = {n.value for a in args for n in ast.walk(a) if isinstance(n, ast.Constant)}
                required |= {v for v in literal if isinstance(v, str)}
                if len(args) >= 3 and not isinstance(args[2], ast.Constant):
                    # the action chosen from the input (a decision → its action): the function's strings
                    required |= {
                        n.value
                        for n in ast.walk(fn)
                        if isinstance(n, ast.Constant) and isinstance(n.value, str)
                    }
    assert text, f"{app} has no services module"
    missing = []
    for policy in policies_by_app()[app]:
        missing += [f"{policy.workflow.name}:{a}" for a in policy.workflow.actions if a not in required]
    assert not missing, f"actions no service requires: {missing}"
