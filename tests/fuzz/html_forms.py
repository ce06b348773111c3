"""A small HTML reader for what a browser would submit: forms with their fields, and links.

BeautifulSoup is not a dependency, so this uses html.parser from the standard library. It reads
what the fuzzer needs and nothing more: every <form> (method, action), its <input>, <select>
and <textarea> fields with their type, default value and choices, named submit buttons, and the
query parameter names of links (<a href="?month=...">) on the page.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # input type (text, date, number, hidden, checkbox, radio, ...), "select", "textarea"
    value: str = ""
    checked: bool = False
    choices: list = field(default_factory=list)  # select options / radio values
    multiple: bool = False
    required: bool = False
    maxlength: int | None = None
    attrs: dict = field(default_factory=dict)


@dataclass
class Form:
    method: str
    action: str  # absolute path (resolved against the page's path)
    fields: list = field(default_factory=list)
    submits: list = field(default_factory=list)  # (name, value) of named submit buttons

    def names(self):
        return sorted({f.name for f in self.fields})

    def defaults(self) -> dict:
        """What a browser sends when the user just presses the (first) submit button."""
        data: dict[str, list[str]] = {}
        by_name: dict[str, list[Field]] = {}
        for f in self.fields:
            by_name.setdefault(f.name, []).append(f)
        for name, group in by_name.items():
            values = []
            for f in group:
                if f.kind in ("checkbox", "radio"):
                    if f.checked:
                        values.append(f.value or "on")
                elif f.kind == "select":
                    selected = [value for value, is_selected in f.choices if is_selected]
                    if not selected and f.choices and not f.multiple:
                        selected = [f.choices[0][0]]
                    values.extend(selected)
                elif f.kind in ("submit", "button", "reset", "image", "file"):
                    continue
                else:
                    values.append(f.value)
            if values:
                data[name] = values
        if self.submits:
            name, value = self.submits[0]
            data.setdefault(name, [value])
        return data

    def kind_of(self, name) -> str:
        kinds = [f.kind for f in self.fields if f.name == name]
        return kinds[0] if kinds else "text"

    def choices_of(self, name) -> list[str]:
        values = []
        for f in self.fields:
            if f.name != name:
                continue
            if f.kind == "select":
                values.extend(value for value, _selected in f.choices)
            elif f.kind in ("radio", "checkbox"):
                values.append(f.value or "on")
        return values


@dataclass
class Page:
    forms: list = field(default_factory=list)
    link_params: set = field(default_factory=set)  # query parameter names in links to this same path


class _Reader(HTMLParser):
    def __init__(self, path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.page = Page()
        self.form = None
        self.select = None
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = urljoin(self.path, a.get("action", "")) or self.path
            self.form = Form(method=a.get("method", "get").lower(), action=urlsplit(action).path)
            self.page.forms.append(self.form)
        elif tag == "a" and "href" in a:
            parts = urlsplit(urljoin(self.path, a["href"]))
            if parts.path == self.path and parts.query:
                self.page.link_params |= {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
        if self.form is None:
            return
        name = a.get("name")
        required = "required" in a
        maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                self.form.submits.append((name, a.get("value", "")))
                return
            if "disabled" in a:
                return
            f = Field(name, kind, a.get("value", ""), "checked" in a, required=required, maxlength=maxlength,
                      attrs=a)
            self.form.fields.append(f)
        elif tag == "button" and name and a.get("type", "submit").lower() == "submit":
            self.form.submits.append((name, a.get("value", "")))
        elif tag == "select" and name and "disabled" not in a:
            self.select = Field(name, "select", multiple="multiple" in a, required=required, attrs=a)
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
            self.select.choices.append(self.option)
        elif tag == "textarea" and name and "disabled" not in a:
            self.textarea = Field(name, "textarea", required=required, maxlength=maxlength, attrs=a)
            self.form.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self._close_option()
            if self.select is not None:
                self.select.choices = [(v if v is not None else text.strip(), sel) for v, sel, text in
                                       self.select.choices]
            self.select = None
        elif tag == "option":
            self._close_option()
        elif tag == "textarea" and self.textarea is not None:
            # The parser keeps the newline after <textarea>; a browser drops it.
            if self.textarea.value.startswith("\n"):
                self.textarea.value = self.textarea.value[1:]
            self.textarea = None

    def _close_option(self):
        self.option = None


def read_page(html: str, path: str) -> Page:
    reader = _Reader(path)
    reader.feed(html)
    reader.close()
    for form in reader.page.forms:
        for f in form.fields:
            if f.kind == "select" and f.choices and isinstance(f.choices[0], list):
                f.choices = [(v if v is not None else text.strip(), sel) for v, sel, text in f.choices]
    return reader.page
