"""Hostile values: the fixed ones the issue names, and hypothesis strategies around them."""

from hypothesis import strategies as st

LONG = "a" * 100_000
LONG_URL = "9" * 5_000  # a query string a proxy would still pass on

# Values that broke pages before (issue 12, finding 10) or that break parsers in general: each one
# is sent for every parameter a view reads; hypothesis draws from the longer list.
QUERY_VALUES = [
    "²", "99999999999999999999", "-1", "9999-12", "1-1", "9999-12-31", "0001-01-01", "2999-01-01", "",
    LONG_URL, "Ünïcödé 日本 😀", "\x00", "1,5", "NaN", "2026-13", "31-02-2026",
]
MORE_QUERY_VALUES = QUERY_VALUES + [
    "0", "1.5", " ", "inf", "1e309", "2026-00", "0000-01", "2026-02-31", "-2026", "<script>", "%", "true",
    "null", "[]", "٣", "Ⅻ",
]
# The admin is Django's own: fewer values, the ones that found something there.
ADMIN_QUERY_VALUES = ["²", "99999999999999999999", "\x00", ""]

DATE_VALUES = ["2999-01-01", "0001-01-01", "31-02-2026", "", "9999-12-31", "1900-01-01", "01-12-2026",
               "2026-12-01T25:61", "²", "\x00", "1-1"]
DATETIME_VALUES = ["9999-12-31T23:59", "0001-01-01T00:00", "2999-01-01T12:00", "2026-02-31T10:00", "",
                   "31-12-2026 10:00", "2026-12-01T25:61", "²"]
TIME_VALUES = ["25:61", "24:00", "", "-1:00", "²", "9:5", "23:59:59.999999"]
NUMBER_VALUES = ["1,5", "1e309", "NaN", "²", "-1", "0", "99999999999999999999", "", "inf", "-0", "0,0001",
                 "1.5", "1 000", "٣"]
TEXT_VALUES = [LONG, "", " \t\n ", "\x00", "Ünïcödé 日本 😀 مرحبا", "<script>alert(1)</script>", "'; --"]
CHOICE_VALUES = ["not-a-choice", "", "99999999999999999999", "²", "-1", "\x00"]
ID_VALUES = ["99999999999999999999", "-1", "0", "²", "", "abc", "1,5", "\x00"]

NAMED_KINDS = {
    "date": DATE_VALUES, "datetime-local": DATETIME_VALUES, "time": TIME_VALUES, "number": NUMBER_VALUES,
    "range": NUMBER_VALUES, "month": QUERY_VALUES, "email": TEXT_VALUES + ["a@", "@b", "a@b"],
    "select": CHOICE_VALUES, "radio": CHOICE_VALUES, "checkbox": ["", "on", "off", "²", "\x00"],
    "hidden": ID_VALUES + ["x" * 5000], "textarea": TEXT_VALUES, "password": TEXT_VALUES,
}


def fixed_values_for(kind: str, name: str) -> list[str]:
    """The fixed hostile values for one form field, most telling first: by its input type, and for a
    plain text input by what its name says it holds (a date typed as text, hours typed as text)."""
    lowered = name.lower()
    if lowered.endswith(("-total_forms", "-initial_forms", "-min_num_forms", "-max_num_forms")):
        # A formset's management form: Django caps a huge count at 1,000 forms (slow, not wrong).
        return ["-1", "²", "", "abc", "5"]
    looks_like_date = any(word in lowered for word in ("date", "_on", "day", "from", "until", "_at", "when", "month"))
    looks_like_number = any(word in lowered for word in ("hours", "number", "count", "year", "amount", "minutes"))
    values = list(NAMED_KINDS.get(kind, TEXT_VALUES))
    if kind in ("text", "search", "textarea", "hidden"):
        if looks_like_number:
            values = NUMBER_VALUES + values
        if looks_like_date:
            values = DATE_VALUES + DATETIME_VALUES + values
        if kind != "hidden":
            values += ["1,5", "0,5", "²"]
    return list(dict.fromkeys(values))


def scalar():
    """One hostile or random query/form value."""
    return st.one_of(
        st.sampled_from(MORE_QUERY_VALUES + DATE_VALUES + DATETIME_VALUES + NUMBER_VALUES),
        st.text(max_size=40),
        st.integers().map(str),
        st.dates().map(lambda d: d.isoformat()),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.from_regex(r"-?\d{1,6}-\d{1,3}(-\d{1,3})?", fullmatch=True),
    )


def query_values():
    """A value for a query parameter: one, or several (?a=1&a=2)."""
    return st.one_of(scalar(), st.lists(scalar(), min_size=2, max_size=3))


def query_strategy(params):
    """A dict of some of `params` to hostile values (at least one)."""
    return st.dictionaries(st.sampled_from(sorted(params)), query_values(), min_size=1, max_size=len(params))


def form_strategy(fields: dict):
    """fields: name -> list of fixed hostile values for it. A dict of some fields to hostile or random values."""
    names = sorted(fields)

    def value_for(name):
        return st.one_of(st.sampled_from(fields[name]), scalar(), st.lists(scalar(), min_size=2, max_size=2))

    return st.lists(st.sampled_from(names), min_size=1, max_size=min(4, len(names)), unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({name: value_for(name) for name in chosen}))
