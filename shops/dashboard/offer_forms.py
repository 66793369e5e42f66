"""The merchant's quick offer form, "today at my counter": photo, title, price, quantity, pickup window."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shops.counter_offers import CounterOfferInput, counter_window_refusal
from shops.dashboard.product_forms import STOCK_MAX, PhotoKeptMixin, PriceField
from shops.import_planning import TITLE_MAX
from shops.models import Partner


class CounterOfferForm(PhotoKeptMixin, forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    photo_token = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("What is on offer"),
        max_length=TITLE_MAX,
        help_text=_("For example: end-of-day basket, dish of the day."),
    )
    price = PriceField(label=_("Price (€)"))
    quantity = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=STOCK_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    pickup_from = forms.TimeField(
        label=_("Pickup today from"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    pickup_until = forms.TimeField(
        label=_("Pickup today until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, shop: Partner, session: dict, now: dt.datetime | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shop = shop
        self.session = session
        self.now = now or timezone.now()
        self.prepared_photo: bytes | None = None

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("pickup_from"), cleaned.get("pickup_until")
        if starts and ends:
            refusal = counter_window_refusal(shop=self.shop, starts=starts, ends=ends, now=self.now)
            if refusal:
                self.add_error("pickup_until", refusal)
        return cleaned

    def offer_input(self) -> CounterOfferInput:
        data = self.cleaned_data
        return CounterOfferInput(
            title=data["title"],
            price=data["price"],
            quantity=data["quantity"],
            pickup_from=data["pickup_from"],
            pickup_until=data["pickup_until"],
        )


def window_initial(now: dt.datetime) -> dict:
    """From the next half hour to two hours later (before midnight): what a merchant mostly means."""
    local = timezone.localtime(now)
    start = (local + dt.timedelta(minutes=30 - local.minute % 30)).replace(second=0, microsecond=0)
    if start.date() != local.date():
        return {}
    end = min(start + dt.timedelta(hours=2), start.replace(hour=23, minute=30))
    return {"pickup_from": start.time(), "pickup_until": end.time()}
