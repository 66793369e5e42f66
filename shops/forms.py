"""Forms about shops: the public application, the town hall's decisions, the merchant's "My shop"."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django import forms
from django.utils.translation import gettext_lazy as _

from shops import services
from shops.delivery import parse_postcodes
from shops.hours import ClosurePeriod, HoursError, TimeRange, validate_day_ranges
from shops.models import WEEKDAYS, Partner, ShopCategory, ShopEvent
from shops.validators import validate_siret

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SiretField(forms.CharField):
    """A SIRET number as people type it, digit groups spaced: kept as its 14 digits."""

    def to_python(self, value: str | None) -> str:
        return "".join(super().to_python(value).split())


class ShopApplicationForm(forms.ModelForm):
    """ "Sell on the marketplace": what the town hall needs to decide, and to reach the applicant."""

    siret = SiretField(
        label=_("SIRET number"),
        validators=[validate_siret],
        help_text=_("14 digits, on your Kbis extract or at annuaire-entreprises.data.gouv.fr."),
    )

    consent = forms.BooleanField(
        label=_(
            "I agree that the town hall keeps these details to review my application "
            "and publishes the shop's details if it is approved."
        ),
        error_messages={"required": _("Please tick this box so that we can review your application.")},
    )

    class Meta:
        model = Partner
        fields = (
            "name",
            "category",
            "description",
            "street",
            "postcode",
            "city",
            "phone",
            "email",
            "website",
            "offers_click_collect",
            "offers_delivery",
            "offers_call_collect",
            "siret",
            "contact_name",
            "contact_email",
        )
        labels = {"name": _("Shop name"), "email": _("Shop email (shown to residents)")}
        help_texts = {
            "contact_email": _("The town hall writes to you here; it becomes your login if approved."),
            "description": _("What you sell, what makes your shop special."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    REQUIRED = ("name", "category", "street", "postcode", "city", "phone", "siret", "contact_name")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ShopCategory.objects.all()
        self.fields["category"].empty_label = _("Choose a category")
        for name in (*self.REQUIRED, "contact_email"):
            self.fields[name].required = True
        self.fields["siret"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["postcode"].widget.attrs.update(inputmode="numeric", autocomplete="postal-code")
        self.fields["phone"].widget.input_type = "tel"  # the phone keypad on a phone
        self.fields["phone"].widget.attrs.update(autocomplete="tel")
        self.fields["street"].widget.attrs.update(autocomplete="street-address")
        self.fields["city"].widget.attrs.update(autocomplete="address-level2")
        self.fields["contact_name"].widget.attrs.update(autocomplete="name")
        self.fields["contact_email"].widget.attrs.update(autocomplete="email")

    def clean_siret(self) -> str:
        siret = self.cleaned_data["siret"]
        existing = Partner.objects.filter(siret=siret).only("approval").first()
        if existing is None:
            return siret
        if existing.approval == Partner.Approval.PENDING:
            message = _("An application with this SIRET number is already being reviewed by the town hall.")
        elif existing.approval == Partner.Approval.REJECTED:
            message = _(
                "An application with this SIRET number was turned down. "
                "Please write to the town hall to discuss it."
            )
        else:
            message = _("A shop with this SIRET number is already on the marketplace.")
        raise forms.ValidationError(message, code="duplicate_siret")


class ReasonForm(forms.Form):
    """The town hall's reason for a decision, sent to the shop and kept in the audit log."""

    reason = forms.CharField(
        label=_("Reason (sent to the shop)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please give a reason: it is sent to the shop.")},
    )


class OptionalReasonForm(ReasonForm):
    reason = forms.CharField(
        label=_("Note (optional, sent to the shop)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ApproveForm(forms.Form):
    """Approving needs no input: the button is the decision."""


# The form each town hall action asks for.
ACTION_FORMS: dict[str, type[forms.Form]] = {
    ShopEvent.Action.APPROVED: ApproveForm,
    ShopEvent.Action.REJECTED: ReasonForm,
    ShopEvent.Action.SUSPENDED: ReasonForm,
    ShopEvent.Action.REINSTATED: OptionalReasonForm,
}


class TodayForm(forms.Form):
    """The quick switch at the top of "My shop": closed for now, or open again."""

    closed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message for residents"),
        max_length=200,
        required=False,
        help_text=_("For example: Back at 3 pm, the bread is in the oven!"),
    )


class ShopProfileForm(forms.ModelForm):
    """The merchant's shop profile, sales modes and pickup settings."""

    class Meta:
        model = Partner
        fields = services.MERCHANT_EDITABLE_FIELDS
        labels = {"name": _("Shop name")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["phone"].widget.input_type = "tel"
        self.fields["postcode"].widget.attrs.update(inputmode="numeric")
        # Only shops selling by weight care; left empty, the shop keeps what it had (15 % at first).
        self.fields["weight_tolerance_percent"].required = False

    def clean_weight_tolerance_percent(self) -> int:
        return self.cleaned_data.get("weight_tolerance_percent") or self.instance.weight_tolerance_percent

    def clean(self) -> dict:
        data = super().clean()
        # Delivery with no postcode would be offered to residents, then refused at every address.
        if data.get("offers_delivery") and not parse_postcodes(data.get("delivery_postcodes", "")):
            self.add_error("delivery_postcodes", _("Give the postcodes you deliver to, or untick delivery."))
        return data


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=[("", "—"), *WEEKDAYS], coerce=int, empty_value=None
    )
    opens = forms.TimeField(label=_("Opens at"), widget=TIME_WIDGET)
    closes = forms.TimeField(label=_("Closes at"), widget=TIME_WIDGET, help_text=_("00:00 means midnight"))


class OpeningRangesMixin:
    """A week of opening ranges, one form per range (`weekday`, `opens`, `closes`): each day's ranges
    must end after they start and not overlap. Mixed into a formset: My shop's, the admin's inline."""

    def kept_forms(self) -> list[forms.BaseForm]:
        """Filled rows not ticked for deletion (blank extra rows are ignored)."""
        return [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        errors = []
        for weekday, ranges in self.hours_by_day().items():
            try:
                validate_day_ranges(ranges)
            except HoursError as error:
                errors.append(hours_error_message(WEEKDAYS[weekday][1], error))
        if errors:
            raise forms.ValidationError(errors)

    def hours_by_day(self) -> dict[int, list[TimeRange]]:
        ranges: dict[int, list[TimeRange]] = defaultdict(list)
        for form in self.kept_forms():
            data = form.cleaned_data
            ranges[data["weekday"]].append(TimeRange(data["opens"], data["closes"]))
        return dict(sorted(ranges.items()))


class BaseOpeningHoursFormSet(OpeningRangesMixin, forms.BaseFormSet):
    """My shop's week of opening ranges."""


def hours_error_message(day: str, error: HoursError) -> str:
    """Say which day and which ranges are wrong, in the merchant's words."""
    kind, *ranges = error.args
    shown = [f"{r.opens:%H:%M}–{r.closes:%H:%M}" for r in ranges]
    if kind == "overlap":
        return _("%(day)s: %(first)s and %(second)s overlap.") % {
            "day": day,
            "first": shown[0],
            "second": shown[1],
        }
    return _("%(day)s: %(range)s closes before it opens.") % {"day": day, "range": shown[0]}


OpeningHoursFormSet = forms.formset_factory(
    OpeningHoursForm,
    formset=BaseOpeningHoursFormSet,
    extra=2,
    can_delete=True,
    max_num=7 * 6,
    validate_max=True,
)


class ClosureForm(forms.Form):
    start_date = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("To (inclusive)"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=120, required=False)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The closure cannot end before it starts."))
        return data


class BaseClosureFormSet(forms.BaseFormSet):
    def periods(self) -> list[ClosurePeriod]:
        return [
            ClosurePeriod(data["start_date"], data["end_date"], data["reason"])
            for data in (form.cleaned_data for form in self.forms if not self._should_delete_form(form))
            if data
        ]


ClosureFormSet = forms.formset_factory(ClosureForm, formset=BaseClosureFormSet, extra=1, can_delete=True)


def hours_initial(shop: Partner) -> list[dict]:
    return [{"weekday": o.weekday, "opens": o.opens, "closes": o.closes} for o in shop.opening_hours.all()]


def closures_initial(shop: Partner, today: dt.date) -> list[dict]:
    return [
        {"start_date": c.start_date, "end_date": c.end_date, "reason": c.reason}
        for c in shop.closures.all()
        if c.end_date >= today
    ]
