"""The words of a food product: the 14 EU allergens, the common labels, and its availability in words.

Plain values and functions (no ORM, no request): the codes stored in `ProductDetails`, their names in
the resident's language, and how a product's days, preparation time and order window read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Regulation (EU) No 1169/2011, annex II: the fourteen allergens a food seller must declare.
ALLERGENS: list[tuple[str, str]] = [
    ("gluten", gettext_lazy("Gluten")),
    ("crustaceans", gettext_lazy("Crustaceans")),
    ("eggs", gettext_lazy("Eggs")),
    ("fish", gettext_lazy("Fish")),
    ("peanuts", gettext_lazy("Peanuts")),
    ("soy", gettext_lazy("Soy")),
    ("milk", gettext_lazy("Milk")),
    ("nuts", gettext_lazy("Nuts")),
    ("celery", gettext_lazy("Celery")),
    ("mustard", gettext_lazy("Mustard")),
    ("sesame", gettext_lazy("Sesame")),
    ("sulphites", gettext_lazy("Sulphites")),
    ("lupin", gettext_lazy("Lupin")),
    ("molluscs", gettext_lazy("Molluscs")),
]

LABELS: list[tuple[str, str]] = [
    ("bio", gettext_lazy("Organic (AB)")),
    ("aop", gettext_lazy("AOP / AOC")),
    ("label-rouge", gettext_lazy("Label Rouge")),
    ("homemade", gettext_lazy("Homemade")),
    ("vegan", gettext_lazy("Vegan")),
]

ALLERGEN_CODES = frozenset(code for code, _name in ALLERGENS)
LABEL_CODES = frozenset(code for code, _name in LABELS)
ALL_WEEKDAYS = "0123456"


def codes_pack(codes: Iterable[str], *, allowed: frozenset[str]) -> str:
    """Codes as stored, "|gluten|milk|" (known codes only, in a stable order); "" for none."""
    kept = sorted(set(codes) & allowed)
    return f"|{'|'.join(kept)}|" if kept else ""


def codes_unpack(stored: str) -> list[str]:
    """The codes of a stored value, "|gluten|milk|" → ["gluten", "milk"]."""
    return [code for code in stored.split("|") if code]


def code_filter(code: str) -> str:
    """What a stored value contains when it holds `code`, for a `__contains` lookup."""
    return f"|{code}|"


def names(stored: str, choices: list[tuple[str, str]]) -> list[str]:
    """The names of the stored codes, in the order of `choices` (the order residents are used to)."""
    held = set(codes_unpack(stored))
    return [str(name) for code, name in choices if code in held]


@dataclass(frozen=True)
class Availability:
    """A product's own availability rules, as plain values (ProductDetails' fields)."""

    weekdays: str = ALL_WEEKDAYS
    preparation_hours: int | None = None
    daily_cap: int | None = None
    preorder_from: dt.date | None = None
    preorder_until: dt.date | None = None


def availability_lines(rules: Availability) -> list[str]:
    """What the product page says of a product's availability, one short sentence each."""
    lines = []
    days = sorted({int(day) for day in rules.weekdays if day.isdigit() and int(day) < 7})
    if days and len(days) < 7:
        day_names = [str(date_format(dt.date(2024, 1, 1 + day), "l")) for day in days]  # 2024-01-01: Monday
        lines.append(_("Sold on: %(days)s.") % {"days": ", ".join(day_names)})
    if rules.preparation_hours:
        lines.append(_("Order at least %(hours)s hours ahead.") % {"hours": rules.preparation_hours})
    if rules.daily_cap:
        lines.append(_("At most %(count)s a day.") % {"count": rules.daily_cap})
    if rules.preorder_from and rules.preorder_until:
        lines.append(
            _("Orders taken from %(start)s until %(end)s.")
            % {
                "start": date_format(rules.preorder_from, "j F"),
                "end": date_format(rules.preorder_until, "j F"),
            }
        )
    elif rules.preorder_until:
        lines.append(_("Orders taken until %(end)s.") % {"end": date_format(rules.preorder_until, "j F")})
    elif rules.preorder_from:
        lines.append(_("Orders taken from %(start)s.") % {"start": date_format(rules.preorder_from, "j F")})
    return lines


def is_sold_on(rules: Availability, day: dt.date) -> bool:
    """Whether the product may be ordered for `day`: one of its days, inside its order window.

    For the slot rules (shops/slots.py, orders/placement.py) to call; the product page only says it.
    """
    if str(day.weekday()) not in rules.weekdays:
        return False
    if rules.preorder_from and day < rules.preorder_from:
        return False
    return not (rules.preorder_until and day > rules.preorder_until)
