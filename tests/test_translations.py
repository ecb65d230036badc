"""The English catalogue is complete: every message id in the code and templates has an English text.

Message ids are Simplified Chinese (the first language); locale/en holds English. The test extracts the ids
afresh from a copy of the source (makemessages, GNU gettext) and compares them with the committed catalogue.
"""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def parse_po(path: Path) -> dict[tuple[str, str], dict]:
    """A small .po reader: {(msgctxt, msgid): {"msgstr": [...], "fuzzy": bool}} (the header is left out)."""
    entries: dict[tuple[str, str], dict] = {}
    cur: dict = {}
    key = None

    def flush():
        if cur.get("msgid"):
            entries[(cur.get("msgctxt", ""), cur["msgid"])] = {
                "msgstr": cur.get("msgstr", []),
                "fuzzy": cur.get("fuzzy", False),
            }

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            flush()
            cur, key = {}, None
            continue
        if line.startswith("#,") and "fuzzy" in line:
            cur["fuzzy"] = True
        if line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                cur["msgstr"][-1] += value
            else:
                cur[key] += value
            continue
        value = ast.literal_eval(rest)
        if word.startswith("msgstr"):
            key = "msgstr"
            cur.setdefault("msgstr", []).append(value)
        else:
            key = word
            cur[key] = value
    return entries


def test_catalogue_has_no_missing_or_fuzzy_translations():
    entries = parse_po(CATALOGUE)
    assert entries, "locale/en/LC_MESSAGES/django.po is empty"
    missing = [mid for (ctx, mid), e in entries.items() if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [mid for (ctx, mid), e in entries.items() if e["fuzzy"]]
    assert not missing, f"untranslated: {missing[:20]}"
    assert not fuzzy, f"fuzzy (needs review): {fuzzy[:20]}"


def test_catalogue_covers_every_message_in_the_code(tmp_path):
    for part in ("renda", "templates", "config"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    (tmp_path / "locale").mkdir()
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
            call_command("makemessages", locale=["en"], verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = parse_po(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    committed = parse_po(CATALOGUE)
    absent = sorted(mid for key, mid in ((k, k[1]) for k in fresh) if key not in committed)
    assert not absent, (
        "messages missing from locale/en (run `manage.py makemessages -l en` and translate them): "
        f"{absent[:30]}"
    )
