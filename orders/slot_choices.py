"""Slots as a form's choices, shared by every form that asks for a time (the resident's checkout, the
merchant's phone order, a pickup point's slot): one value format, one label, one refusal wording."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django import forms
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from orders.models import Fulfilment
from orders.placement import FulfilmentChoice
from shops.slots import Slot


class SlotSelect(forms.Select):
    """A select whose full slots stay visible, greyed out and not choosable."""

    def __init__(self, *args, full_values: frozenset[str] = frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.full_values = full_values

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.full_values:
            option["attrs"]["disabled"] = True
        return option


# A stall slot's value names its market after the start: "2026-11-28T07:30@3".
MARKET_SEPARATOR = "@"


def slot_value(slot: Slot) -> str:
    value = slot.start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
    return f"{value}{MARKET_SEPARATOR}{slot.market_id}" if slot.at_market else value


def parse_slot_value(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M").replace(tzinfo=dt.UTC)


def pickup_choice(value: str) -> FulfilmentChoice:
    """The pickup a chosen slot value means: a time at the shop, or at its stall at a market."""
    start, _separator, market_id = value.partition(MARKET_SEPARATOR)
    return FulfilmentChoice(
        method=Fulfilment.PICKUP,
        slot_start=parse_slot_value(start),
        market_id=int(market_id) if market_id else None,
    )


def slot_choices(slots: list[Slot]) -> list:
    """Slots grouped by local day and place, labelled "mardi 24 · 16:00 – 16:30", full ones marked.

    The day (and the market, for a stall slot) is in each label too: once chosen, a select shows
    the option, not its group.
    """
    zone = timezone.get_default_timezone()
    grouped = []
    for (day, place), day_slots in groupby(
        slots, key=lambda slot: (slot.start.astimezone(zone).date(), slot.place)
    ):
        short_day = formats.date_format(day, "D j")
        options = []
        for slot in day_slots:
            start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
            label = f"{short_day} · {formats.time_format(start, 'H:i')} – {formats.time_format(end, 'H:i')}"
            if place:
                label = f"{label} · {place}"
            if slot.is_full:
                label = _("%(slot)s (full)") % {"slot": label}
            options.append((slot_value(slot), label))
        group = capfirst(formats.date_format(day, "l j F"))
        grouped.append((f"{group} — {place}" if place else group, options))
    return grouped


def set_slot_choices(field: forms.ChoiceField, slots: list[Slot], *, unavailable: str = "") -> None:
    """Offer these slots in the field, full ones visible but not choosable.

    Any other value (a time past its cut-off since the page was shown, tampered, another shop's) is
    refused with `unavailable`, or a plain "no longer available", not with Django's "Select a valid
    choice", which quotes the UTC value.
    """
    field.choices = [("", _("Choose a time")), *slot_choices(slots)]
    unavailable = unavailable or _("This time is no longer available: please choose another.")
    # Django fills "%(value)s" into this message: a "%" of the shop's name must stay as it is.
    field.error_messages["invalid_choice"] = unavailable.replace("%", "%%")
    field.widget = SlotSelect(
        choices=field.choices, full_values=frozenset(slot_value(slot) for slot in slots if slot.is_full)
    )
