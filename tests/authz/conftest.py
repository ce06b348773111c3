from collections import Counter

from .world import authz_world  # noqa: F401

CELLS = Counter()  # cells checked, known gaps among them, cells without an object in the world


def pytest_terminal_summary(terminalreporter):
    if not CELLS:
        return
    terminalreporter.write_line(
        f"authorization matrix: {CELLS['checked']} cells checked "
        f"({CELLS['known gaps']} of them known product gaps marked xfail; "
        f"{CELLS['without an object']} cells without an object in the world)")
