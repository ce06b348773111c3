"""Set translations in a .po file from the command line, for translators and scripted fixes.

    python scripts/po_set.py FILE [options] ['msgid' 'msgstr' ...]

Options:
    --pairs JSON_FILE   more translations from a file: a JSON object {msgid: msgstr}, or a list of
                        objects {"msgid", "msgstr", "msgctxt"?}; msgstr may be a list (plural forms)
    --context CTXT      the message context (msgctxt) of the pairs given on the command line
    --comment TEXT      a translator comment on every entry set, e.g. "machine translation, not
                        reviewed": a municipality can find what still needs a reviewer (an earlier
                        comment starting with the same first word is replaced)
    --header-note TEXT  a translator comment in the catalog's header (added once)

Sets the msgstr of each msgid (with its context), drops its fuzzy flag and previous-msgid (#|)
lines, and exits non-zero naming any msgid it did not find. Compile afterwards with
`manage.py compilemessages`.
"""

import json
import re
import sys
from pathlib import Path

_UNESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m.group(1), m.group(0)), value)


def _field(block: str, name: str) -> str | None:
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block, re.M)
    if not match:
        return None
    return _unescape("".join(re.findall(r'^"(.*)"$', match.group(1), re.M)))


def _comment_lines(block: str, comment: str) -> str:
    lines = block.split("\n")
    first_word = comment.split()[0].lower() if comment.split() else ""
    lines = [line for line in lines if not (line.startswith("# ") and line[2:].split(" ")[0].lower() == first_word)]
    return "\n".join([f"# {comment}", *lines])


def _set_block(block: str, want: dict, comment: str) -> str:
    msgid = _field(block, "msgid")
    if msgid is None or msgid == "":
        return block
    key = (_field(block, "msgctxt"), msgid)
    if key not in want:
        return block
    lines = [line for line in block.split("\n") if not line.startswith("#|") and line != "#, fuzzy"]
    lines = [line.replace("#, fuzzy, ", "#, ").replace(", fuzzy", "") for line in lines]
    block = "\n".join(lines)
    msgstr = want.pop(key)
    tail = block[len(block.rstrip()):]
    start = re.search(r"^msgstr", block, re.M).start()
    if isinstance(msgstr, list):
        block = block[:start] + "\n".join(f'msgstr[{n}] "{_escape(form)}"' for n, form in enumerate(msgstr))
    else:
        block = block[:start] + f'msgstr "{_escape(msgstr)}"'
    block += tail
    return _comment_lines(block, comment) if comment else block


def _header(block: str, note: str, language: str) -> str:
    """The note once, the header no longer fuzzy (msgfmt would drop its plural forms), the language named."""
    block = "\n".join(line for line in block.split("\n") if line != "#, fuzzy")
    if language:
        block = block.replace('"Language: \\n"', f'"Language: {language}\\n"')
    if f"# {note}" in block.split("\n"):
        return block
    return f"# {note}\n{block}"


def _read_pairs(path: str) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        return {(None, msgid): msgstr for msgid, msgstr in data.items()}
    return {(item.get("msgctxt"), item["msgid"]): item["msgstr"] for item in data}


def main(argv: list[str]) -> int:
    want, pairs, comment, note, context = {}, [], "", "", None
    args = list(argv)
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(args.pop(0))
    while args:
        arg = args.pop(0)
        if arg == "--pairs":
            want.update(_read_pairs(args.pop(0)))
        elif arg == "--comment":
            comment = args.pop(0)
        elif arg == "--header-note":
            note = args.pop(0)
        elif arg == "--context":
            context = args.pop(0)
        else:
            pairs.append(arg)
    if len(pairs) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    want.update({(context, msgid): msgstr for msgid, msgstr in zip(pairs[0::2], pairs[1::2], strict=True)})
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    blocks = [_set_block(block, want, comment) for block in blocks]
    if note:
        language = path.parent.parent.name if path.parent.name == "LC_MESSAGES" else ""
        blocks[0] = _header(blocks[0], note, language)
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    if want:
        print(f"not found: {[msgid for _ctx, msgid in want]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
