"""Rates and durations written the same way on the page as in the CSV files."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import number_format

from marketplace.oversight import exports

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{number_format(exports.percent(value))} %"


@register.filter
def minutes(value: dt.timedelta | None) -> str:
    return "—" if value is None else f"{number_format(exports.minutes(value))} min"
