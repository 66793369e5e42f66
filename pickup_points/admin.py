"""The town hall creates its pickup points in the admin: a point's hours and closures as a shop's."""

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from pickup_points.services import point_staff_add
from shops.forms import OpeningRangesMixin
from shops.models import Closure, OpeningHours, PickupPoint


class OpeningHoursFormSet(OpeningRangesMixin, BaseInlineFormSet):
    """A point's hours, held to the shops' rule: no range closing before it opens, no overlap in a day."""


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 1


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(PickupPoint)
class PickupPointAdmin(admin.ModelAdmin):
    list_display = ("name", "full_address", "temporarily_closed")
    fields = (
        "name",
        "street",
        "postcode",
        "city",
        "phone",
        "temporarily_closed",
        "closed_message",
        "preparation_minutes",
        "slot_minutes",
        "slot_capacity",
        "users",
    )
    filter_horizontal = ("users",)
    inlines = (OpeningHoursInline, ClosureInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[PickupPoint]:
        return super().get_queryset(request).filter(is_pickup_point=True)

    def save_model(self, request: HttpRequest, obj: PickupPoint, form: ModelForm, change: bool) -> None:
        obj.is_pickup_point = True
        obj.offers_click_collect = False  # a point sells nothing itself
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: list, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The users chosen as the point's staff get the role that opens its pages.
        point_staff_add(point=form.instance, users=form.instance.users.all())
