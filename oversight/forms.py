"""The oversight dashboard's audit log filter: shop and action (the date range is core.periods.PeriodForm)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.selectors import AUDIT_ACTIONS
from shops.models import Partner


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
