"""The English catalogue is kept in step with the Vietnamese source strings."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: {"msgid", "msgid_plural", "msgstr": [...], "fuzzy"} (the header is skipped)."""
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def flush():
        if entry.get("msgid"):
            entries.append(dict(entry))
        entry.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            key = None
            continue
        if line.startswith("#,"):
            flush()
            entry["fuzzy"] = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                entry["msgstr"][-1] += value
            else:
                entry[key] += value
            continue
        word, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if word.startswith("msgstr"):
            if word == "msgstr" or word.endswith("[0]"):
                entry["msgstr"] = []
            entry["msgstr"].append(value)
            key = "msgstr"
        else:
            if word == "msgid" and entry.get("msgstr") is not None:
                flush()
            entry[word] = value
            key = word
    flush()
    return entries


def test_every_english_entry_is_translated_and_not_fuzzy():
    entries = parse_po(CATALOGUE)
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(e.get("msgstr", [""]))]
    fuzzy = [e["msgid"] for e in entries if e.get("fuzzy")]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|%[sd]")
    wrong = [
        e["msgid"]
        for e in parse_po(CATALOGUE)
        for translated in e["msgstr"]
        if sorted(pattern.findall(e["msgid"])) != sorted(pattern.findall(translated))
        and "msgid_plural" not in e
    ]
    assert wrong == []


def test_catalogue_contains_every_string_of_the_source(tmp_path):
    """Extract the strings again from a copy of the source: nothing may be missing from the catalogue."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("gettext (xgettext) is required when CI=true")
        pytest.skip(
            "GETTEXT MISSING — install Debian's gettext (make does so as root) to check the catalogue"
        )
    copy = tmp_path / "hoptac"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests", "static"))
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location", "--no-wrap"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hoptac.config.settings"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    extracted = {
        e["msgid"]
        for e in parse_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
        if not e.get("obsolete")
    }
    current = {e["msgid"] for e in parse_po(CATALOGUE)}
    missing = sorted(extracted - current)
    assert missing == [], "run `make messages-update` and translate: " + "; ".join(missing[:20])
