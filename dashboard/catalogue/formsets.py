"""Fork of Oscar's catalogue dashboard formsets: a merchant's product has one stock record, their shop's."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import formsets as oscar_formsets
from oscar.apps.dashboard.catalogue.formsets import *  # noqa: F403 (Oscar's fork pattern)

from shops.dashboard.selectors import merchant_shop


class StockRecordFormSet(oscar_formsets.StockRecordFormSet):
    def __init__(self, product_class: Any, user: AbstractBaseUser, *args: Any, **kwargs: Any) -> None:
        self.shop = merchant_shop(user=user)  # once per request, handed to each form
        if self.shop is not None:
            # One stock record per shop and product: no empty second row. No deleting it either,
            # which would leave a product no merchant can reach; deleting the product is the way.
            self.max_num = 1
            self.can_delete = False
        super().__init__(product_class, user, *args, **kwargs)

    def set_initial_data(self) -> None:
        # Oscar presets the first row's partner; a tampered or missing management form leaves no row
        # (IndexError, a 500) and the formset reports the tampering as its error instead.
        if self.forms:
            super().set_initial_data()

    def get_form_kwargs(self, index: int | None) -> dict:
        return {**super().get_form_kwargs(index), "shop": self.shop}

    def clean(self) -> None:
        # Oscar's message speaks of partners, which a merchant never sees.
        if self.shop is not None and not any(self.errors) and not any(f.cleaned_data for f in self.forms):
            raise ValidationError(_("Enter this product's price and stock."))
        super().clean()
