"""What a browser would send back when the user presses submit on a page without typing anything."""

import re
from html.parser import HTMLParser

# The value sanitisation of the HTML standard: a value the input type cannot read becomes empty.
_READABLE = {"date": re.compile(r"^\d{4,}-\d{2}-\d{2}$"), "time": re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"),
             "datetime-local": re.compile(r"^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"),
             "number": re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")}


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "fields": [], "types": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        types = self.forms[-1]["types"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            types[name] = kind
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "image", "file"):
                return
            fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            self.forms[-1]["fields"].append((self._select["name"], chosen or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append(tuple(self._textarea))
            self._textarea = None


def forms_in(html: str) -> list[dict]:
    """Each form: method, fields [(name, value)] as a browser submits them, and each input's type."""
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


def submitted(form: dict) -> dict:
    """The form's content as the browser sends it: a date it cannot read goes as an empty value."""
    data = {}
    for name, value in form["fields"]:
        readable = _READABLE.get(form["types"].get(name))
        if readable is not None and value and not readable.match(value):
            value = ""
        data.setdefault(name, []).append(value)
    return data
