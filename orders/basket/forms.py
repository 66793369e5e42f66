"""The basket's forms: Oscar's, with a product sold by weight ordered as a weight ("about 300 g —
about 9,60 €") or a number of pieces of about N g, chosen from a list rather than typed as a count."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket import forms as oscar_forms
from oscar.apps.basket.forms import *  # noqa: F403 (the fork's other forms)

from shops.weighing import portion_choices


def _weighed_widget(field: forms.Field, product, stockrecord) -> object | None:
    """For a product sold by weight, the quantity (portions) is chosen among weights or pieces."""
    details = getattr(product, "details", None)  # no details row: an ordinary product
    if details is None or not details.sold_by_weight or stockrecord is None or stockrecord.price is None:
        return None
    choices = portion_choices(piece_grams=details.piece_grams, price_per_kg=stockrecord.price)
    field.widget = forms.Select(choices=choices)
    field.label = _("How many pieces") if details.piece_grams else _("Weight")
    return details


# A first choice a resident would make: about 300 g, or one piece.
USUAL_STEPS = 3


class AddToBasketForm(oscar_forms.AddToBasketForm):
    def __init__(self, basket, product, *args, **kwargs) -> None:
        super().__init__(basket, product, *args, **kwargs)
        _weighed_widget(self.fields["quantity"], product, product.stockrecords.first())


class BasketLineForm(oscar_forms.BasketLineForm):
    def __init__(self, strategy, *args, **kwargs) -> None:
        super().__init__(strategy, *args, **kwargs)
        line = self.instance
        if line.pk:
            _weighed_widget(self.fields["quantity"], line.product, line.stockrecord)


class SimpleAddToBasketForm(oscar_forms.SimpleAddToBasketMixin, oscar_forms.AddToBasketForm):
    """The product page's and cards' form: a hidden quantity of one, except that a product sold by
    weight shows its weights (or pieces) to choose from."""

    def __init__(self, basket, product, *args, **kwargs) -> None:
        super().__init__(basket, product, *args, **kwargs)
        details = _weighed_widget(self.fields["quantity"], product, product.stockrecords.first())
        if details is not None and not details.piece_grams:
            self.fields["quantity"].initial = USUAL_STEPS
