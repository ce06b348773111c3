"""Form pieces every app shares: widgets the browser's own date fields can read, and Dutch decimals.

A browser's ``<input type=date>`` only reads ISO values ("2026-12-01"); Django renders a date in
the active language's first input format ("01-12-2026" in Dutch), which the browser drops, so a
prefilled date arrived empty. These widgets always render ISO; the fields still parse the Dutch
forms too (Django adds the ISO formats to every language's input formats).

Hours are typed the Dutch way ("1,5"). A ``type=number`` input leaves the reading to the browser,
and what it sends differs per browser and locale; a text input with ``inputmode=decimal`` shows the
numeric keypad on a tablet and lets the server read "1,5" and "1.5" alike.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's own argument name
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):  # noqa: A002
        super().__init__(attrs=attrs, format=format or ISO_DATETIME)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None, format=None):  # noqa: A002
        super().__init__(attrs=attrs, format=format or ISO_TIME)


_NUMBER = re.compile(r"^[+-]?[0-9]+$")
_DIGITS = re.compile(r"^[0-9]*$")


def parse_dutch_decimal(text: str) -> Decimal:
    """Read a number as a Dutch person types it: "1,5", "1.5", "1.000", "1.000,5", "1 000".

    The last of "," and "." written is the decimal separator when both occur. A lone "." with
    exactly three digits behind it (and more before none) is a thousands separator, as in Dutch
    ("1.000" is a thousand); otherwise a lone "." or "," is the decimal separator.
    Raises ValueError for anything else.
    """
    value = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if not value:
        raise ValueError("empty")
    if "," in value and "." in value:
        decimal_sep = "," if value.rfind(",") > value.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        whole, _sep, fraction = value.rpartition(decimal_sep)
        groups = whole.lstrip("+-").split(thousands_sep)
        if any(len(g) != 3 for g in groups[1:]) or not groups[0]:
            raise ValueError(text)
        whole = whole.replace(thousands_sep, "")
    elif value.count(",") == 1:
        whole, _sep, fraction = value.partition(",")
    elif value.count(".") > 1 or (value.count(".") == 1 and len(value.split(".")[1]) == 3
                                   and value.split(".")[0].lstrip("+-") not in ("", "0")):
        groups = value.lstrip("+-").split(".")
        if any(len(g) != 3 for g in groups[1:]) or not groups[0]:
            raise ValueError(text)
        whole, fraction = value.replace(".", ""), ""
    elif value.count(".") == 1:
        whole, _sep, fraction = value.partition(".")
    else:
        whole, fraction = value, ""
    if whole in ("", "+", "-"):
        if not fraction:
            raise ValueError(text)
        whole += "0"
    if not _NUMBER.match(whole) or not _DIGITS.match(fraction):
        raise ValueError(text)
    try:
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation as error:
        raise ValueError(text) from error


def format_dutch_decimal(value, decimal_places=None) -> str:
    """A decimal as the active language writes it, without needless trailing zeros ("1,5", "2")."""
    if value in (None, ""):
        return ""
    if not isinstance(value, Decimal):
        try:
            value = parse_dutch_decimal(str(value))
        except ValueError:
            return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


class DecimalTextInput(forms.TextInput):
    def __init__(self, attrs=None):
        # No autocomplete="off": Chromium then also forgets what was typed when she goes back.
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, str):
            return value
        return format_dutch_decimal(value) or None


class DutchDecimalField(forms.DecimalField):
    """A DecimalField that reads "1,5" as one and a half, whatever the page's language."""

    widget = DecimalTextInput
    default_error_messages = {"invalid": _("Enter a number, for example 1,5.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_dutch_decimal(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget):
        # No step/min/max attributes: they only make sense on type=number and would mislead.
        return {key: value for key, value in super().widget_attrs(widget).items() if key not in ("step", "min", "max")}


def hours_field(label, *, required=False, max_value=Decimal(24), help_text=None, **kwargs):
    """Hours spent, typed as "1,5"; quarter hours and more precise are kept to two decimals."""
    field = DutchDecimalField(
        label=label, required=required, max_digits=6, decimal_places=2, min_value=Decimal("0.01"),
        max_value=max_value, help_text=help_text if help_text is not None else _("For example 1,5"), **kwargs)
    # Evaluated when shown, in the language of that request, not when the form class is made.
    at_most = lazy(lambda: gettext("Enter at most %(limit)s hours.") % {"limit": format_dutch_decimal(max_value)},
                   str)()
    field.error_messages.update({
        "required": _("Enter the hours spent."),
        "min_value": _("Enter more than 0 hours."),
        "max_value": at_most,
        "max_digits": at_most,
        "max_whole_digits": at_most,
        "max_decimal_places": _("Enter the hours with at most two decimals, for example 1,25."),
    })
    return field


def add_service_errors(form, error) -> None:
    """A service's ValidationError onto the form that was sent: per field where the field is on the form,
    else at the top, so the refusal is read next to what she typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ManyOptionsSelect(forms.Select):
    """A <select> as forms.Select renders it, but its options joined as strings instead of one
    template render each: lists that grow with the country (the programme coordinator's locations,
    12,000 for all of it; a budget page's districts and budgets) spent most of their page's time in
    the per-option templates."""

    def render(self, name, value, attrs=None, renderer=None):
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        wanted = self.format_value(value)
        # As django/forms/widgets/attrs.html writes them: in order, True bare, False left out.
        attributes = "".join(format_html(" {}", key) if v is True else format_html(' {}="{}"', key, v)
                             for key, v in final.items() if v is not False and v is not None)
        parts = [format_html("<select{}>", mark_safe(attributes))]  # noqa: S308
        found = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(getattr(option_value, "value", option_value))
            selected = not found and option_value in wanted
            found = found or selected
            parts.append(format_html('<option value="{}"{}>{}</option>', option_value,
                                     mark_safe(" selected") if selected else "", label))  # noqa: S308
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every part went through format_html)
