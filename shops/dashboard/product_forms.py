"""The merchant's own product forms: quick add from a phone, and the product list's one-field forms.

Oscar's product form stays for the town hall. This one asks what a food shop knows by heart (photo,
title, price, unit, stock) first, and the rest (description, allergens, labels, availability) folded
below; no SKU, no currency, no category outside the shop's trade.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from shops import photos
from shops.import_planning import PRICE_MAX, TITLE_MAX, price_parse
from shops.models import WEEKDAYS, Partner, ProductDetails
from shops.product_details import ALLERGENS, LABELS
from shops.products import ProductInput, trade_categories
from shops.weighing import PIECE_GRAMS_MAX, PIECE_GRAMS_MIN

STOCK_MAX = 100_000


class PriceField(forms.CharField):
    """A price typed the French way ("4,50") or the English way ("4.50"), more than 0."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: str) -> Decimal:
        text = super().clean(value)
        price = price_parse(text)
        if price is None:
            raise ValidationError(_('"%(value)s" is not a price, such as 4,50.') % {"value": text})
        if price <= 0 or price > PRICE_MAX:
            raise ValidationError(_("A price must be more than 0 and at most %(max)s.") % {"max": PRICE_MAX})
        return price


class PhotoKeptMixin:
    """A form's `photo` checked and prepared once (`prepared_photo`), and its `photo_token`: a photo
    kept across an earlier error, honoured only for the session that uploaded it (`self.session`)."""

    def clean_photo(self) -> object:
        upload = self.cleaned_data.get("photo")
        if upload:
            try:
                self.prepared_photo = photos.photo_prepare(upload.read(photos.MAX_BYTES + 1))
            except photos.PhotoError as error:
                raise ValidationError(error.message) from error
        return upload

    def clean_photo_token(self) -> str:
        token = self.cleaned_data.get("photo_token", "")
        # A token not uploaded by this session is ignored rather than reported: it was not typed.
        return token if photos.pending_owned(session=self.session, token=token) else ""


class ProductQuickForm(PhotoKeptMixin, forms.Form):
    """Quick add (and edit) of a merchant's product; `shop` limits the categories to its trade's."""

    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("Take it with your phone: the product alone, in daylight."),
        # Phones open the back camera directly; desktops open the file picker.
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    # The photo of a previous try, kept while the merchant fixes the form (shops.photos.pending_*).
    photo_token = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Name of the product"), max_length=TITLE_MAX)
    price = PriceField(label=_("Price (€)"))
    unit = forms.ChoiceField(
        label=_("Sold"),
        choices=ProductDetails.Unit.choices,
        initial=ProductDetails.Unit.PIECE,
        help_text=_(
            "Per kg: sold by weight. The price is per kg, residents order about so many grams (or "
            "pieces), and you enter the real weight when preparing."
        ),
    )
    piece_grams = forms.IntegerField(
        label=_("Per kg, in pieces of about (g)"),
        required=False,
        min_value=PIECE_GRAMS_MIN,
        max_value=PIECE_GRAMS_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Steaks, chops: their usual weight. Empty: ordered by weight, 100 g at a time."),
    )
    stock = forms.IntegerField(
        label=_("In stock"),
        required=False,
        min_value=0,
        validators=[MaxValueValidator(STOCK_MAX)],
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    always_available = forms.BooleanField(label=_("Always available (no stock to count)"), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, required=False, empty_label=None)
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    allergens = forms.MultipleChoiceField(
        label=_("Allergens"), choices=ALLERGENS, required=False, widget=forms.CheckboxSelectMultiple
    )
    labels = forms.MultipleChoiceField(
        label=_("Labels"), choices=LABELS, required=False, widget=forms.CheckboxSelectMultiple
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days it is sold"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every day."),
    )
    preparation_hours = forms.IntegerField(
        label=_("Order how many hours ahead"),
        required=False,
        min_value=1,
        max_value=24 * 14,
        help_text=_("For a cake to order 48 hours ahead, type 48. Empty: your shop's preparation time."),
    )
    daily_cap = forms.IntegerField(
        label=_("At most per day"), required=False, min_value=1, max_value=STOCK_MAX,
        help_text=_("Counted again each morning. Empty: no daily limit."),
    )  # fmt: skip
    preorder_from = forms.DateField(
        label=_("Orders taken from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    preorder_until = forms.DateField(
        label=_("Orders taken until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    # The first fieldset, shown open; the rest is folded under "More".
    MAIN_FIELDS = ("photo", "title", "price", "unit", "piece_grams", "stock", "always_available", "category")
    MORE_FIELDS = ("description", "allergens", "labels")
    AVAILABILITY_FIELDS = ("weekdays", "preparation_hours", "daily_cap", "preorder_from", "preorder_until")

    def __init__(self, *args, shop: Partner, session: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        categories = trade_categories(shop=shop)
        self.fields["category"].queryset = categories
        # "Gâteaux", not "Boulangerie-pâtisserie > Gâteaux": the trade goes without saying.
        self.fields["category"].label_from_instance = lambda category: category.name
        choices = list(categories[:2])
        if not choices:
            del self.fields["category"]  # the trade has no category yet: nothing to choose
        elif len(choices) > 1:
            # Chosen, never defaulted to the first of the list (a cake filed under "Pains").
            self.fields["category"].required = True
            self.fields["category"].empty_label = _("Choose where residents will find it")
            self.fields["category"].error_messages["required"] = _(
                "Choose the category residents will find it under."
            )
        self.prepared_photo: bytes | None = None

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            not cleaned.get("always_available")
            and cleaned.get("stock") is None
            and "stock" not in self.errors
        ):
            self.add_error("stock", _("Type how many you have, or tick “Always available”."))
        start, end = cleaned.get("preorder_from"), cleaned.get("preorder_until")
        if start and end and end < start:
            self.add_error("preorder_until", _("The last day comes before the first."))
        return cleaned

    def product_input(self) -> ProductInput:
        data = self.cleaned_data
        return ProductInput(
            title=data["title"],
            price=data["price"],
            stock=None if data["always_available"] else data["stock"],
            unit=data["unit"],
            piece_grams=data["piece_grams"],
            category=data.get("category"),
            description=data["description"],
            allergens=data["allergens"],
            labels=data["labels"],
            availability=self.availability(),
        )

    def availability(self) -> dict:
        data = self.cleaned_data
        days = sorted(set(data["weekdays"]))
        return {
            "weekdays": "".join(str(day) for day in days) or "0123456",
            "preparation_hours": data["preparation_hours"],
            "daily_cap": data["daily_cap"],
            "preorder_from": data["preorder_from"],
            "preorder_until": data["preorder_until"],
        }


class PriceInlineForm(forms.Form):
    """The product list's price box: one field, one button, works without script."""

    price = PriceField(label=_("Price (€)"))


class StockInlineForm(forms.Form):
    """The product list's stock box."""

    stock = forms.IntegerField(
        label=_("In stock"),
        min_value=0,
        max_value=STOCK_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
