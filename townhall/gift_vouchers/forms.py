"""The town hall's form to issue gift vouchers: an amount, how many, where, and from when to when."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from shops.models import ShopCategory
from shops.selectors import town_zone
from vouchers.services import gift_offer_name

ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")
VoucherSet = get_model("voucher", "VoucherSet")

MAX_COUNT = 1000


class IssueForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=90,
        help_text=_("Residents see it in their basket, e.g. “Christmas 2026 gift voucher”."),
    )
    amount = forms.DecimalField(
        label=_("Amount of each voucher (EUR)"),
        min_value=Decimal("1"),
        max_value=Decimal("1000"),
        decimal_places=2,
    )
    count = forms.IntegerField(
        label=_("Number of vouchers"),
        min_value=1,
        max_value=MAX_COUNT,
        initial=1,
        help_text=_("Each voucher has its own code and can be used once."),
    )
    code = forms.CharField(
        label=_("Code (optional)"),
        max_length=40,
        required=False,
        validators=[RegexValidator(r"^[A-Za-z0-9-]+$", _("Use only letters, digits and hyphens."))],
        help_text=_("For a single voucher only; left empty, a code is made up."),
    )
    category = forms.ModelChoiceField(
        label=_("Spendable at"),
        queryset=ShopCategory.objects.all(),
        required=False,
        empty_label=_("All shops"),
    )
    start = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Valid until (included)"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Voucher.objects.filter(name=name).exists() or VoucherSet.objects.filter(name=name).exists():
            raise forms.ValidationError(
                _("Vouchers with this name already exist: please choose another name.")
            )
        return name

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if code and Voucher.objects.filter(code=code).exists():
            raise forms.ValidationError(_("This code is already used by another voucher."))
        if code and ConditionalOffer.objects.filter(name=gift_offer_name(code)).exists():
            raise forms.ValidationError(
                _("This code belonged to a deleted voucher: please choose another one.")
            )
        return code

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must come after the start date."))
        if end and end < timezone.localdate():
            self.add_error("end", _("The end date is already past."))
        if data.get("code") and (data.get("count") or 1) > 1:
            self.add_error("code", _("A code can be chosen for a single voucher only."))
        return data

    def validity(self) -> tuple[dt.datetime, dt.datetime]:
        """Whole days in the town's time zone: from the first midnight to the last instant of the end day."""
        zone = town_zone()
        start = dt.datetime.combine(self.cleaned_data["start"], dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.cleaned_data["end"], dt.time.max, tzinfo=zone)
        return start, end
