"""Figures on the oversight page: rates and durations written as in the CSV files, amounts in euros."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.formats import number_format

from core import csv_files
from oversight import exports

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{number_format(csv_files.percent(value))} %"


@register.filter
def minutes(value: dt.timedelta | None) -> str:
    return "—" if value is None else f"{number_format(csv_files.minutes(value))} min"


@register.filter
def euros(value: Decimal | None) -> str:
    """Amounts in the tables: Oscar's `currency` (Babel) costs a third of a 250-shop page."""
    return "—" if value is None else f"{number_format(value, 2)} €"


@register.filter
def audit_action(code: str) -> str:
    """An audit log action's label, as in the CSV file."""
    return exports.audit_action(code)
