"""Forms of pickup points: the resident's choice at checkout, and the staff's hand-over."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.dashboard.forms import pickup_code_field
from orders.models import Fulfilment
from orders.placement import FulfilmentChoice
from orders.slot_choices import parse_slot_value, set_slot_choices
from shops.models import Partner
from shops.slots import Slot


class HandOverForm(forms.Form):
    code = pickup_code_field(_("Code shown by the resident"))


def point_names(point: Partner) -> dict:
    return {"point": point.name, "address": point.full_address}


class PickupPointChoiceForm(forms.Form):
    """At checkout: collect every shop's order at one town pickup point, in one of its slots, or not."""

    where = forms.ChoiceField(
        label=_("Where do you collect your orders?"), widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args, points: list[tuple[Partner, list[Slot]]], **kwargs) -> None:
        super().__init__(*args, prefix="point", **kwargs)
        self.points = {str(point.pk): point for point, _slots in points}
        self.fields["where"].choices = [
            ("", _("At each shop, as chosen below")),
            *(
                (str(point.pk), _("Everything at %(point)s, %(address)s") % point_names(point))
                for point, _slots in points
            ),
        ]
        self.fields["where"].initial = ""
        for point, slots in points:
            label = _("Pickup time at %(point)s") % point_names(point)
            field = forms.ChoiceField(label=label, required=False)
            set_slot_choices(field, slots)
            self.fields[f"slot_{point.pk}"] = field

    def slot_fields(self) -> list[tuple[Partner, forms.BoundField]]:
        return [(point, self[f"slot_{key}"]) for key, point in self.points.items()]

    def clean(self) -> dict:
        data = super().clean()
        where = data.get("where")
        if where and not data.get(f"slot_{where}"):
            message = _("Choose a pickup time at %(point)s.") % point_names(self.points[where])
            self.add_error(f"slot_{where}", message)
        return data

    def point(self) -> Partner | None:
        """The chosen point, once the form is valid; None when the resident collects at each shop."""
        return self.points.get(self.cleaned_data.get("where") or "")

    def choice(self) -> FulfilmentChoice:
        where = self.cleaned_data["where"]
        return FulfilmentChoice(
            method=Fulfilment.PICKUP_POINT,
            slot_start=parse_slot_value(self.cleaned_data[f"slot_{where}"]),
            point=self.points[where],
        )
