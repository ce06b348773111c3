"""What a browser sends back for a form the page gave it, as the browser reads the page.

The test client posts whatever a test writes; a browser posts what its fields hold, and a field
drops a value it cannot read: ``<input type=date value="01-12-2026">`` is empty (HTML's value
sanitization: only "2026-12-01" is a valid date string), and so is a number field with "1,5".
"""

import re
from html.parser import HTMLParser

# HTML's value sanitization: what each input type keeps of its value attribute.
VALID = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "number": re.compile(r"^-?(\d+|\d*\.\d+)([eE][+-]?\d+)?$"),
}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action"), "fields": [],
                          "inputs": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            self._form["inputs"][name] = a
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "reset", "image"):
                value = a.get("value", "")
                if kind in VALID and value and not VALID[kind].match(value):
                    value = ""
                self._form["fields"].append((name, value))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": [], "selected": []}
            self._form["inputs"][name] = a
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["selected"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self._form["inputs"][name] = a

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            s = self._select
            chosen = s["selected"] or ([] if s["multiple"] else s["options"][:1])
            self._form["fields"].extend((s["name"], v or "") for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def page_form(html: str, field: str) -> dict:
    """The first POST form on the page that has a field named `field`."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "post" and field in form["inputs"]:
            return form
    raise AssertionError(f"no POST form with a field {field!r} on the page")


def prefilled(html: str, field: str) -> dict:
    """The values the browser would send for that form, untouched, as a dict of lists."""
    values = {}
    for name, value in page_form(html, field)["fields"]:
        values.setdefault(name, []).append(value)
    return values


def submit(client, url, html, *, field, **typed):
    """Post the page's form with what the browser holds, plus what the person typed."""
    values = prefilled(html, field)
    for name, value in typed.items():
        values[name] = value if isinstance(value, list) else [value]
    values.pop("csrfmiddlewaretoken", None)
    return client.post(url, values)
