"""Forms of accompaniment: a help record, and a product added for a merchant in help mode."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accompaniment.models import HelpRecord


class HelpRecordForm(forms.ModelForm):
    class Meta:
        model = HelpRecord
        fields = ("kind", "date", "note")
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 3})}


class HelpProductForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    price = forms.DecimalField(
        label=_("Price (€, tax included)"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2
    )
    stock = forms.IntegerField(label=_("Number in stock"), min_value=0, max_value=100000)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(label=_("Photo"), required=False)
