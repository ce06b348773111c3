"""Shared set-up for the tests of the records on a case (approach plan, referrals, handover,
messages, closing)."""

import re

from accounts.models import Membership, Role
from casework.models import CaseOutcome, CaseState
from casework.services import case_advance
from tests.accounts.factories import member
from tests.casework.factories import ask, fake_request
from tests.children.factories import ChildFactory, GuardianFactory
from tests.consent.factories import consent_for
from tests.organisations.factories import (
    CareProviderFactory,
    DistrictFactory,
    GroupFactory,
    LocationFactory,
    MunicipalityFactory,
)

ALL_PURPOSES = ("observation", "referral", "handover")
ALL_PARTIES = ("specialist", "youth_nurse", "referral_party", "primary_school")


def distinct_child(cw):
    """The first child of location A, with a name no generated professional can share, so that
    "the name is not on the page" proves something."""
    child = cw.children_a[0]
    child.first_name, child.last_name = "Jolijntje", "Quakkelaar"
    child.save()
    return child


def ask_about_distinct_child(cw):
    return ask(cw, child=distinct_child(cw))


def consented_case(cw, *, purposes=ALL_PURPOSES, parties=ALL_PARTIES, child=None):
    """A Hoogeveen case (specialist and nurse attached) whose guardians signed for `purposes`."""
    case = ask(cw, child=child or distinct_child(cw))
    consent_for(case.child, purposes=purposes, parties=parties)
    return case_advance(case=case, to=CaseState.READY_TO_PLAN, by=cw.pmer_a)


def close(case, by):
    return case_advance(case=case, to=CaseState.CLOSED, outcome=CaseOutcome.CHILD_LEFT, by=by)


class Amsterdam:
    """Amsterdam's way of working: a question about one child becomes a group visit; the fixed
    specialist of MOC 't Kabouterhuis may start the Okido referral."""

    def __init__(self):
        self.municipality = MunicipalityFactory(name="Amsterdam", preset="amsterdam")
        self.location = LocationFactory(district=DistrictFactory(municipality=self.municipality),
                                        name="Locatie Noord")
        self.group = GroupFactory(location=self.location, name="Zonnetjes")
        self.child = ChildFactory(group=self.group, first_name="Noor", last_name="Haddou")
        GuardianFactory(child=self.child)
        self.moc = CareProviderFactory(name="MOC 't Kabouterhuis")
        self.moc.municipalities.add(self.municipality)
        self.specialist = member(Role.SPECIALIST, care_provider=self.moc)
        Membership.objects.get(user=self.specialist).fixed_contact_for.add(self.location)
        self.pmer = member(Role.CHILDCARE_WORKER, location=self.location)
        from casework.services import request_create

        self.case = request_create(
            request=fake_request(self.pmer), location=self.location, group=self.group, subject="child",
            kind="behaviour", question="Een kind in de groep slaat als het druk is.", urgency="normal",
            child=None, by=self.pmer)


def pdf_text(data: bytes) -> str:
    """The text of an uncompressed fpdf2 PDF written with embedded TrueType fonts: its strings are
    2-byte glyph codes, mapped back to characters through each font's ToUnicode table."""
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\n(.*?)endobj", data, re.S)}

    def cmap(font_obj):
        ref = re.search(rb"/ToUnicode (\d+) 0 R", objects.get(font_obj, b""))
        codes = {}
        if ref:
            for block in re.findall(rb"beginbfchar\n(.*?)endbfchar", objects[int(ref.group(1))], re.S):
                for code, uni in re.findall(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", block):
                    codes[int(code, 16)] = chr(int(uni, 16))
        return codes

    fonts = {name: cmap(int(num)) for name, num in re.findall(rb"/(F\d+) (\d+) 0 R", data)}
    text, codes = [], {}
    for match in re.finditer(rb"/(F\d+) [\d.]+ Tf|Td \(", data):
        if match.group(1):
            codes = fonts.get(match.group(1), {})
            continue
        raw = _literal_string(data, match.end())
        text.append("".join(codes.get(int.from_bytes(raw[i:i + 2], "big"), "?") for i in range(0, len(raw) - 1, 2)))
        text.append("\n")
    return "".join(text)


_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}


def _literal_string(data: bytes, i: int) -> bytes:
    """The PDF literal string that starts at `i` (just after its opening parenthesis)."""
    out, depth = bytearray(), 1
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            nxt = data[i + 1]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                i += 2
            elif 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4]).group()
                out.append(int(digits, 8))
                i += 1 + len(digits)
            else:
                out.append(nxt)
                i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                break
        out.append(c)
        i += 1
    return bytes(out)


def closed_message() -> str:
    """The refusal on a closed case, in the language the test runs in, as a pattern."""
    from django.utils.translation import gettext

    return re.escape(gettext("This case is closed: its records can no longer be changed."))
