"""The README links a screenshot of every role's home page at 1280 and 375 px, each file one that
`script/screenshots` writes, and every local link of the README resolves (issue 10's acceptance)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCRIPT = (ROOT / "script" / "screenshots").read_text(encoding="utf-8")


def _script_logins() -> list[str]:
    found = re.search(r"^LOGINS = \[(.*?)\]$", SCRIPT, re.M)
    assert found, "script/screenshots no longer declares LOGINS"
    return re.findall(r'"([a-z]+)"', found[1])


def _script_widths() -> list[int]:
    found = re.search(r"^WIDTHS = \{(.*)\}$", SCRIPT, re.M)
    assert found, "script/screenshots no longer declares WIDTHS"
    return [int(w) for w in re.findall(r"(\d+): \{", found[1])]


def test_the_script_takes_every_demo_login_at_both_widths():
    assert _script_widths() == [1280, 375]
    demo_logins = set(re.findall(r"^\| `([a-z]+)` \|", README, re.M))
    assert demo_logins and demo_logins == set(_script_logins())


def test_the_readme_links_every_roles_home_at_both_widths_and_the_files_exist():
    linked = set(re.findall(r"\]\((docs/screenshots/[^)]+)\)", README))
    for user in _script_logins():
        for width in _script_widths():
            name = f"docs/screenshots/home-{user}-{width}.png"
            assert name in linked, name
            assert (ROOT / name).stat().st_size > 10_000, name  # a drawn page, not an empty file


def test_every_local_link_of_the_readme_resolves():
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README):
        if re.match(r"[a-z]+:", target):
            continue  # another site
        assert (ROOT / target).exists(), target
