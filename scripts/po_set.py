"""Usage: po_set.py FILE 'msgid' 'msgstr' ...  (sets singular msgstr, drops fuzzy and #| lines)"""
import re, sys
path, pairs = sys.argv[1], sys.argv[2:]
text = open(path, encoding="utf-8").read()
blocks = text.split("\n\n")
want = dict(zip(pairs[::2], pairs[1::2]))
def esc(s): return s.replace("\\", "\\\\").replace('"', '\\"')
out = []
for block in blocks:
    m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
    if m:
        msgid = "".join(re.findall(r'"(.*)"', m.group(1))).replace('\\"', '"')
        if msgid in want:
            lines = [l for l in block.split("\n") if not l.startswith("#|")]
            lines = [l.replace("#, fuzzy, ", "#, ").replace(", fuzzy", "") for l in lines if l != "#, fuzzy"]
            block = "\n".join(lines)
            block = re.sub(r'msgstr ((?:".*"\n?)+)$', f'msgstr "{esc(want.pop(msgid))}"', block, flags=re.S)
    out.append(block)
open(path, "w", encoding="utf-8").write("\n\n".join(out))
if want: sys.exit(f"not found: {list(want)}")
