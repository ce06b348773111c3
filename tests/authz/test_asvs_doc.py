"""docs/security/asvs.md points to tests: every one it names exists (so a renamed or removed test
fails here), and its counts add up to the rows of its tables."""

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "security" / "asvs.md"
SHORT = {"LS": "tests/accounts/test_login_security.py", "SK": "tests/accounts/test_security_keys.py",
         "AS": "tests/accounts/test_asvs.py", "MX": "tests/authz/test_matrix.py"}


def _names(path):
    tree = ast.parse(path.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            names |= {f"{node.name}::{item.name}" for item in node.body if isinstance(item, ast.FunctionDef)}
    return names


def test_every_test_the_document_names_exists():
    text = DOC.read_text()
    references = re.findall(r"`((?:tests/[\w/]+\.py|LS|SK|AS|MX)::[\w:]+)`", text)
    assert len(references) > 50
    missing = []
    for reference in references:
        file, name = reference.split("::", 1)
        path = ROOT / SHORT.get(file, file)
        if not path.exists() or name not in _names(path):
            missing.append(reference)
    assert missing == []


def test_the_counts_add_up():
    text = DOC.read_text()
    rows = re.findall(r"^\| (\d+)\.\d+\.\d+ \| .*? \| [12] \| (test|doc|n/a|not met) \|", text, re.M)
    counts = Counter((f"V{chapter}", status) for chapter, status in rows)
    totals = re.search(r"\*\*total\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| "
                       r"\*\*(\d+)\*\*", text).groups()
    statuses = ["test", "doc", "n/a", "not met"]
    assert int(totals[0]) == len(rows)
    assert [int(n) for n in totals[1:]] == [sum(v for (_c, s), v in counts.items() if s == st) for st in statuses]
    not_met = re.findall(r"^\| (\d+\.\d+\.\d+) \| .*? \| not met \|", text, re.M)
    named = re.search(r"Not met \((\d+)\):(.*?)\n\n", text + "\n\n", re.S)
    assert int(named.group(1)) == len(not_met)
    assert all(number in named.group(2) for number in not_met)
