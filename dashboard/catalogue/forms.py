"""Fork of Oscar's catalogue dashboard forms: a merchant's stock record is always their shop's."""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.validators import MinValueValidator
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue.forms import *  # noqa: F403 (Oscar's fork pattern)

from shops.models import Partner


class StockRecordForm(oscar_forms.StockRecordForm):
    def __init__(
        self, product_class: Any, user: AbstractBaseUser, *args: Any, shop: Partner | None, **kwargs: Any
    ) -> None:
        """`shop` is the merchant's (shops.dashboard.selectors.merchant_shop), read once by the formset."""
        super().__init__(product_class, user, *args, **kwargs)
        # Oscar's model accepts a negative price.
        self.fields["price"].validators.append(MinValueValidator(Decimal("0")))
        self.fields["price"].widget.attrs["min"] = "0"
        if shop is not None:
            # A merchant never chooses a shop: a disabled field ignores what is posted, so a stock
            # record can be neither added for nor moved to another shop.
            partner = self.fields["partner"]
            partner.initial = shop
            partner.disabled = True
            partner.widget = forms.HiddenInput()
