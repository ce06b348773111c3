"""Set translations in a .po file from the command line, for translators and scripted fixes.

    python scripts/po_set.py FILE 'msgid' 'msgstr' ['msgid' 'msgstr' ...]

Sets the singular msgstr of each msgid, drops its fuzzy flag and previous-msgid (#|) lines, and
exits non-zero naming any msgid it did not find. Compile afterwards with `manage.py compilemessages`.
"""

import re
import sys
from pathlib import Path


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _set_block(block: str, want: dict[str, str]) -> str:
    match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
    if not match:
        return block
    msgid = "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"')
    if msgid not in want:
        return block
    lines = [line for line in block.split("\n") if not line.startswith("#|") and line != "#, fuzzy"]
    lines = [line.replace("#, fuzzy, ", "#, ").replace(", fuzzy", "") for line in lines]
    block = "\n".join(lines)
    msgstr = _escape(want.pop(msgid))
    return re.sub(r'msgstr ((?:".*"\n?)+)$', f'msgstr "{msgstr}"', block, flags=re.S)


def main(argv: list[str]) -> int:
    if len(argv) < 3 or len(argv) % 2 == 0:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[0])
    want = dict(zip(argv[1::2], argv[2::2], strict=True))
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    path.write_text("\n\n".join(_set_block(block, want) for block in blocks), encoding="utf-8")
    if want:
        print(f"not found: {list(want)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
