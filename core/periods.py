"""A period of whole local days (the town's zone), and the form that picks one: the town hall's figures
(oversight, gift vouchers) are all read over such a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS = 30
MAX_DAYS = 366 * 2  # two years side by side at most: beyond, a chart of days says nothing


@dataclass(frozen=True)
class Period:
    """Whole local days, both ends included."""

    start: dt.date
    end: dt.date

    @classmethod
    def last_days(cls, days: int, *, today: dt.date) -> Period:
        return cls(start=today - dt.timedelta(days=days - 1), end=today)

    @property
    def since(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def until(self) -> dt.datetime:
        """The first instant after the period (local midnight after its last day)."""
        return dt.datetime.combine(
            self.end + dt.timedelta(days=1), dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict:
        data = super().clean()
        default = Period.last_days(DEFAULT_DAYS, today=timezone.localdate())
        start, end = data.get("start") or default.start, data.get("end") or default.end
        if start > end:
            raise forms.ValidationError(_("The start date must come before the end date."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Please choose at most two years."))
        data["period"] = Period(start=start, end=end)
        return data

    def period(self) -> Period:
        """The chosen period, or the last 30 days when the filter is empty or wrong."""
        if self.is_valid():
            return self.cleaned_data["period"]
        return Period.last_days(DEFAULT_DAYS, today=timezone.localdate())
