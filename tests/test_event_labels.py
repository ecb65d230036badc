"""Readable history: every action any code of ``renda`` can write to the audit trail has a Chinese label and
an English translation (renda.core.event_names), found by walking the source, not by a list kept by hand.

The walk reads every ``event_record(…, action=…)`` call outside tests and migrations. An action is a string
literal, a conditional of literals, a literal dict indexed by the input (every value counts), or an importer's
``event_action`` class attribute (``importer.event_action``). A helper that records its own ``action``
parameter (``core.importing.audited_export``) is a forwarder: its callers' ``action=`` must then be readable.
Any other expression (an f-string, a variable) is refused: the walk could not see what it writes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from renda.core import events

ROOT = Path(__file__).resolve().parent.parent / "renda"


def _sources() -> list[Path]:
    return [p for p in sorted(ROOT.rglob("*.py")) if "tests" not in p.parts and "migrations" not in p.parts]


def _literals(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body), _literals(node.orelse)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
        out: list[str] = []
        for v in node.value.values:
            got = _literals(v)
            if got is None:
                return None
            out += got
        return out
    return None


def _call_name(node: ast.Call) -> str | None:
    return getattr(node.func, "id", None) or getattr(node.func, "attr", None)


def _forwarders(trees: list[ast.Module]) -> set[str]:
    """Functions that pass their own `action` parameter to event_record, or to such a function (a forwarder
    of a forwarder: its callers' literals are read in its place)."""
    functions = [
        fn
        for tree in trees
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef) and "action" in {a.arg for a in fn.args.args + fn.args.kwonlyargs}
    ]
    out: set[str] = set()
    while True:
        grown = {
            fn.name
            for fn in functions
            if fn.name not in out
            and any(
                isinstance(node, ast.Call)
                and (_call_name(node) == "event_record" or _call_name(node) in out)
                and any(
                    kw.arg == "action" and isinstance(kw.value, ast.Name) and kw.value.id == "action"
                    for kw in node.keywords
                )
                for node in ast.walk(fn)
            )
        }
        if not grown:
            return out
        out |= grown


def written_actions() -> tuple[dict[str, str], list[str]]:
    """{action: where} of every action the code can record, and the calls whose action the walk cannot
    read."""
    found: dict[str, str] = {}
    unreadable: list[str] = []
    sources = [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in _sources()]
    forwarders = _forwarders([t for _p, t in sources])
    for path, tree in sources:
        where = str(path.relative_to(ROOT.parent))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and any(getattr(t, "id", None) == "event_action" for t in node.targets)
                and node.value.value
            ):
                found.setdefault(str(node.value.value), f"{where}:{node.lineno}")
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            if name != "event_record" and name not in forwarders:
                continue
            for kw in node.keywords:
                if kw.arg != "action":
                    continue
                if isinstance(kw.value, ast.Attribute) and kw.value.attr == "event_action":
                    continue  # the importer's class attribute, collected above
                forwarded = isinstance(kw.value, ast.Name) and kw.value.id == "action"
                if forwarded and any(
                    isinstance(fn, ast.FunctionDef) and fn.name in forwarders and node in ast.walk(fn)
                    for fn in ast.walk(tree)
                ):
                    continue  # inside a forwarder: its callers are read instead
                got = _literals(kw.value)
                if got is None:
                    unreadable.append(f"{where}:{node.lineno} {ast.unparse(kw.value)}")
                for action in got or []:
                    found.setdefault(action, f"{where}:{node.lineno}")
    return found, unreadable


def test_the_walk_finds_the_services_actions():
    found, _ = written_actions()
    # one of each app's writers, so that a broken walk cannot pass by finding nothing
    for action in (
        "proposal_submit",
        "proposal_review_accept",
        "role_grant",
        "poll_open",
        "roster_import",
        "unit_export",
        "livelihood_accept",
    ):
        assert action in found


def test_every_recorded_action_is_readable_by_the_walk():
    _, unreadable = written_actions()
    assert unreadable == []


def test_every_recorded_action_has_a_label():
    found, _ = written_actions()
    missing = {a: where for a, where in found.items() if not events.is_declared(a)}
    assert missing == {}


@pytest.mark.parametrize("action", sorted(written_actions()[0]))
def test_every_label_is_chinese_with_an_english_translation(action):
    with translation.override("zh-hans"):
        zh = events.label(action)
    with translation.override("en"):
        en = events.label(action)
    assert zh != action and any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert en != zh and en.isascii(), f"{action}: no English translation of {zh}"


def test_an_undeclared_action_reads_as_its_code():
    assert events.label("no_such_action") == "no_such_action"
