"""The oversight dashboard's filters: the date range (whole days in Europe/Paris, last 30 by default),
and the audit log's shop and action."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.selectors import AUDIT_ACTIONS, Period
from shops.models import Partner

DEFAULT_DAYS = 30
MAX_DAYS = 366 * 2  # two years side by side at most: beyond, a chart of days says nothing


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


class AuditFilterForm(forms.Form):
    shop = forms.ModelChoiceField(
        label=_("Shop"),
        queryset=Partner.objects.shops_only().order_by("name"),
        required=False,
        empty_label=_("All shops"),
        widget=forms.Select(attrs={"class": "form-control mr-3 mb-2"}),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("All actions")), *AUDIT_ACTIONS.items()],
        required=False,
        widget=forms.Select(attrs={"class": "form-control mr-3 mb-2"}),
    )

    def filters(self) -> dict:
        """The chosen shop and action, or no filter at all when the choice is not a valid one."""
        if self.is_valid():
            return {"shop": self.cleaned_data["shop"], "action": self.cleaned_data["action"]}
        return {}
