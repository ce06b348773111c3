"""The Dutch catalog is complete, matches the code and is compiled.

No database is needed. The makemessages check runs in a temporary copy of the project, so it never
touches the committed catalogs; it needs GNU gettext (`apt-get install gettext`) and is skipped
without it, as is the check that the .mo files are up to date.
"""

import ast
import gettext as gnu_gettext
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")
NL_PO = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
# The command that updates the catalogs from the code.
MAKEMESSAGES = ["makemessages", "-l", "nl", "-l", "en", "-l", "ar", "-l", "tr", "-l", "pl", "-l", "uk",
                "--ignore=.venv", "--ignore=var", "--ignore=tests", "--no-obsolete"]
# Not needed to extract the messages, and large or private: left out of the temporary copy.
NOT_COPIED = shutil.ignore_patterns(".venv", "var", ".git", "tests", "static", "test-artifacts", "node_modules",
                                    "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", "*.mo")
# A python-format placeholder: %(name)s, %(count)d, %(amount).2f ...; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")


@dataclass
class Entry:
    msgid: str | None = None
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def text(self):
        text = repr(self.msgid) if self.msgid_plural is None else f"{self.msgid!r} / {self.msgid_plural!r}"
        return text if self.msgctxt is None else f"{text} (context {self.msgctxt!r})"

    def __str__(self):
        return f"line {self.line}: {self.text}"


def parse_po(path: Path) -> list[Entry]:
    """Read a .po file: every entry, the header (msgid "") first. Obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    entry, keyword = Entry(), None

    def start_entry():
        nonlocal entry, keyword
        if entry.msgid is not None and not entry.obsolete:
            entries.append(entry)
        entry, keyword = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if keyword is not None and keyword.startswith("msgstr"):
                start_entry()
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            if keyword is None:
                raise ValueError(f"{path}:{number}: a string without a keyword")
            _append(entry, keyword, ast.literal_eval(line), path, number)
            continue
        new_keyword, _, rest = line.partition(" ")
        if new_keyword in ("msgctxt", "msgid") and keyword is not None and keyword.startswith("msgstr"):
            start_entry()
        keyword = new_keyword
        if keyword == "msgid":
            entry.line = number
        _append(entry, keyword, ast.literal_eval(rest), path, number)
    start_entry()
    return entries


def _append(entry: Entry, keyword: str, text: str, path: Path, number: int):
    if keyword in ("msgid", "msgid_plural", "msgctxt"):
        setattr(entry, keyword, (getattr(entry, keyword) or "") + text)
    elif keyword == "msgstr":
        entry.msgstrs[0] = entry.msgstrs.get(0, "") + text
    elif match := re.fullmatch(r"msgstr\[(\d+)\]", keyword):
        index = int(match.group(1))
        entry.msgstrs[index] = entry.msgstrs.get(index, "") + text
    else:
        raise ValueError(f"{path}:{number}: unknown keyword {keyword!r}")


def messages(path: Path) -> list[Entry]:
    """The entries without the header."""
    return [e for e in parse_po(path) if not (e.msgid == "" and e.msgctxt is None)]


def header(path: Path) -> Entry:
    entries = parse_po(path)
    assert entries and entries[0].msgid == "", f"{path} has no header entry"
    return entries[0]


def placeholders(text: str) -> set[str]:
    """The placeholders of a python-format string: the names of %(name)s, and e.g. '%s' for unnamed ones."""
    return {m.group(1) if m.group(1) is not None else "%" + m.group(0)[-1]
            for m in PLACEHOLDER.finditer(text) if m.group(0) != "%%"}


def bullet_list(items) -> str:
    return "\n".join(f"  - {item}" for item in items)


# 1. The Dutch catalog is complete -------------------------------------------------------------------------------


def test_dutch_catalog_header():
    head = header(NL_PO)
    text = head.msgstrs.get(0, "")
    assert "fuzzy" not in head.flags, "The header of the nl catalog is marked fuzzy: msgfmt would skip it."
    assert "Language: nl\n" in text, "The nl catalog's header must say 'Language: nl'."
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in text, "The nl catalog needs Dutch plural forms."
    assert "charset=UTF-8" in text


def test_every_dutch_message_is_translated():
    entries = messages(NL_PO)
    assert entries, f"{NL_PO} has no messages"
    untranslated = [e for e in entries if not e.msgstrs or any(not s for s in e.msgstrs.values())
                    or (e.msgid_plural is not None and sorted(e.msgstrs) != [0, 1])]
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    problems = []
    if untranslated:
        problems.append("Untranslated (Dutch plurals need msgstr[0] and msgstr[1]):\n" + bullet_list(untranslated))
    if fuzzy:
        problems.append("Fuzzy (check the translation, then remove the fuzzy flag):\n" + bullet_list(fuzzy))
    assert not problems, f"{NL_PO.relative_to(ROOT)} is not finished.\n" + "\n".join(problems)


def test_dutch_placeholders_match_the_source():
    wrong = []
    for e in messages(NL_PO):
        sources = [e.msgid] if e.msgid_plural is None else [e.msgid, e.msgid_plural]
        expected = set().union(*(placeholders(source) for source in sources))
        for index, text in sorted(e.msgstrs.items()):
            got = placeholders(text)
            # A Dutch singular may spell out "één" instead of the number; every other placeholder must stay.
            may_miss = {"counter", "count"} if e.msgid_plural is not None and index == 0 else set()
            if not (got <= expected and expected - got <= may_miss):
                wrong.append(f"{e} -> msgstr[{index}] {text!r} has {sorted(got) or 'none'}, "
                             f"expected {sorted(expected) or 'none'}")
    assert not wrong, (
        "Placeholders in the Dutch translation differ from the English source (keep %(name)s exactly):\n"
        + bullet_list(wrong)
    )


# 2. The catalogs match the code ----------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
                    reason="GNU gettext (xgettext, msgmerge) is not installed: apt-get install gettext")
def test_catalogs_contain_exactly_the_messages_in_the_code(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES], cwd=copy, capture_output=True, text=True, timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    command = "python manage.py " + " ".join(MAKEMESSAGES)
    problems = []
    for language in LANGUAGES:
        committed_path = LOCALE / language / "LC_MESSAGES" / "django.po"
        assert committed_path.exists(), f"{committed_path.relative_to(ROOT)} is missing: run {command}"
        committed = {e.key: e for e in messages(committed_path)}
        extracted = {e.key: e for e in messages(copy / "locale" / language / "LC_MESSAGES" / "django.po")}
        new = [extracted[k] for k in extracted.keys() - committed.keys()]
        gone = [committed[k] for k in committed.keys() - extracted.keys()]
        if new:
            problems.append(f"{language}: messages in the code but not in the catalog:\n"
                            + bullet_list(sorted(e.text for e in new)))
        if gone:
            problems.append(f"{language}: messages in the catalog that the code no longer uses:\n"
                            + bullet_list(sorted(e.text for e in gone)))
    assert not problems, (
        f"The catalogs are out of date. Run makemessages and translate:\n  {command}\n"
        "then fill in every new msgstr in locale/nl/LC_MESSAGES/django.po and run "
        "python manage.py compilemessages --ignore=.venv\n\n" + "\n".join(problems)
    )


# 3. The translations are compiled and used -----------------------------------------------------------------------


def test_dutch_is_the_language_of_the_ui():
    assert settings.LANGUAGE_CODE == "nl"
    with translation.override("nl"):
        assert translation.gettext("Children") == "Kinderen"
        assert translation.ngettext("%(counter)s child", "%(counter)s children", 3) % {"counter": 3} == "3 kinderen"
        assert translation.ngettext("%(counter)s child", "%(counter)s children", 1) % {"counter": 1} == "1 kind"
    with translation.override("en"):
        assert translation.gettext("Children") == "Children"


def _catalog(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gnu_gettext.GNUTranslations(handle)._catalog)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (GNU gettext) is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_up_to_date(language, tmp_path):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    fix = "run: python manage.py compilemessages --ignore=.venv"
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: {fix}"
    fresh = tmp_path / "django.mo"
    # The same call as Django's compilemessages.
    result = subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, f"msgfmt refuses {po.relative_to(ROOT)}:\n{result.stderr}"
    if fresh.read_bytes() == mo.read_bytes():
        return
    # Another gettext version may lay the file out differently; what counts is the content.
    assert _catalog(fresh) == _catalog(mo), f"{mo.relative_to(ROOT)} does not match {po.name}: {fix}"


# 4. Everything a guardian sees, in her six languages --------------------------------------------------------------
#
# A guardian-facing message is one (a) used in a guardian-only file: every template in templates/consent/ but the
# pm'er's case section, the guardian's PDFs (receipt, export, letter), her e-mails (consent/services.py), the page
# frame (base.html) and the resubmission guard's message; (b) marked in a mixed module with the translator
# comment "Translators: guardian" (the birth-date, code and decision forms, the messages after a decision); or
# (c) the label of a coded value her pages, PDFs and export show (purposes, parties, states, relations, roles,
# visits, referrals).
# (a) and (c) are read from the files and the enums themselves, so a new template or label is included on its own.

GUARDIAN_LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")
MACHINE_MADE = "machine translation"
GUARDIAN_MARK = "Translators: guardian"


def guardian_files() -> set[str]:
    templates = {f"templates/consent/{p.name}" for p in (ROOT / "templates" / "consent").glob("*.html")
                 if p.name != "_case_consent.html"}
    return templates | {"consent/receipts.py", "consent/export_pdf.py", "consent/letters.py", "consent/services.py",
                        "templates/base.html", "idempotency/services.py"}


def guardian_labels() -> set[str]:
    from accounts.models import Role
    from casework.models import CaseState, ReferralStatus, ReferralTarget
    from children.models import Guardian
    from consent.models import ConsentChannel, ConsentEventKind, ConsentParty, ConsentPurpose
    from observations.models import VisitKind, VisitStatus

    enums = (ConsentPurpose, ConsentParty, ConsentEventKind, ConsentChannel, Guardian.Relation, Role, CaseState,
             VisitKind, VisitStatus, ReferralTarget, ReferralStatus)
    with translation.override(None):  # no catalog at all: each label is its msgid
        return {str(label) for enum in enums for label in enum.labels}


def _notes(path: Path) -> dict:
    """(msgctxt, msgid) -> (files it is used in, extracted comments, translator comments), from the .po file."""
    found, refs, extracted, translator, ctxt = {}, set(), [], [], None
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#:"):
            refs.update(ref.rsplit(":", 1)[0] for ref in line[2:].split())
        elif line.startswith("#."):
            extracted.append(line[2:].strip())
        elif line.startswith("# "):
            translator.append(line[2:].strip())
        elif line.startswith("msgctxt "):
            ctxt = ast.literal_eval(line[8:])
        elif line.startswith("msgid "):
            msgid = ast.literal_eval(line[6:])
            while index + 1 < len(lines) and lines[index + 1].startswith('"'):
                index += 1
                msgid += ast.literal_eval(lines[index])
            found[(ctxt, msgid)] = (refs, extracted, translator)
            refs, extracted, translator, ctxt = set(), [], [], None
        index += 1
    return found


def guardian_entries(language: str) -> list[Entry]:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    info = _notes(po)
    files, labels = guardian_files(), guardian_labels()
    chosen = []
    for entry in messages(po):
        refs, comments, _translator = info.get((entry.msgctxt, entry.msgid), (set(), [], []))
        if refs & files or GUARDIAN_MARK in comments or entry.msgid in labels:
            chosen.append(entry)
    return chosen


def test_the_guardian_files_exist_and_hold_messages():
    missing = [name for name in guardian_files() if not (ROOT / name).exists()]
    assert not missing, f"guardian files named here that no longer exist: {missing}"
    assert len(guardian_entries("nl")) > 100


@pytest.mark.parametrize("language", GUARDIAN_LANGUAGES)
def test_every_guardian_facing_message_is_translated_and_not_fuzzy(language):
    """English is the source language: an empty English msgstr shows the English source, which is right."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert po.exists(), f"{po.relative_to(ROOT)} is missing: PO_LANG={language} /work/notes/po"
    entries = guardian_entries(language)
    if language == "en":
        entries = [e for e in entries if any(e.msgstrs.values())]
    untranslated = [e for e in entries if not e.msgstrs or any(not s for s in e.msgstrs.values())]
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    assert not untranslated and not fuzzy, (
        f"{po.relative_to(ROOT)}: guardian-facing messages untranslated:\n{bullet_list(untranslated)}\n"
        f"fuzzy:\n{bullet_list(fuzzy)}")


@pytest.mark.parametrize("language", ["ar", "tr", "pl", "uk"])
def test_the_new_catalogs_say_which_translations_are_machine_made(language):
    """A municipality has them reviewed: the header says so, and every machine-made entry carries the comment
    (a reviewer removes it, entry by entry)."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    head = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert MACHINE_MADE in head.lower(), f"{po.relative_to(ROOT)}: its header does not name its machine translations"
    assert "fuzzy" not in header(po).flags and f"Language: {language}\\n" in head
    notes = _notes(po)
    unmarked = [e for e in guardian_entries(language)
                if not any(note.lower().startswith((MACHINE_MADE, "reviewed"))
                           for note in notes[(e.msgctxt, e.msgid)][2])]
    assert not unmarked, f"translated without saying whether a person reviewed it:\n{bullet_list(unmarked[:20])}"


@pytest.mark.parametrize("language", GUARDIAN_LANGUAGES)
def test_guardian_placeholders_match_the_source(language):
    wrong = []
    for e in guardian_entries(language):
        expected = placeholders(e.msgid) | (placeholders(e.msgid_plural) if e.msgid_plural else set())
        for index, text in e.msgstrs.items():
            if text and placeholders(text) != expected and not (e.msgid_plural and expected - placeholders(text)
                                                               <= {"counter", "count"}):
                wrong.append(f"{e} -> msgstr[{index}] {text!r}")
    assert not wrong, bullet_list(wrong)
