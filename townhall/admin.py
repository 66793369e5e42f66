"""Django admin for the town hall models and the markets: a fallback to fix data the dashboard pages do
not edit (removing a cancelled session or a seasonal break entered by mistake, reading a hidden post).
Every change goes through the same services as the dashboard."""

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from markets.models import Market, MarketBreak, MarketCancellation
from townhall.log import town_hall_action_record
from townhall.market_forms import MarketChangeChecksMixin
from townhall.market_services import market_date_remove, market_save
from townhall.models import Announcement, MerchantPost, ModerationEvent
from townhall.services import announcement_edited_record

Action = ModerationEvent.Action


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Logged as the town hall's dashboard pages log them (the admin saves in one transaction)."""

    list_display = ("title", "starts_on", "ends_on", "created_by")

    def save_model(self, request: HttpRequest, obj: Announcement, form: ModelForm, change: bool) -> None:
        before = Announcement.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if before is None:
            town_hall_action_record(
                action=Action.ANNOUNCEMENT_PUBLISHED, actor=request.user, subject=obj.title
            )
        else:
            announcement_edited_record(announcement=obj, before=before, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: Announcement) -> None:
        self.delete_queryset(request, Announcement.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Announcement]) -> None:
        for announcement in queryset:
            town_hall_action_record(
                action=Action.ANNOUNCEMENT_DELETED, actor=request.user, subject=announcement.title
            )
        super().delete_queryset(request, queryset)


@admin.register(MerchantPost)
class MerchantPostAdmin(admin.ModelAdmin):
    list_display = ("shop", "kind", "publish_from", "publish_until", "hidden_at")
    list_filter = ("kind",)
    list_select_related = ("shop",)


@admin.register(ModerationEvent)
class ModerationEventAdmin(admin.ModelAdmin):
    """Read-only: the log is a record of what happened, not something to edit."""

    list_display = ("created_at", "action", "subject", "shop", "actor")
    list_select_related = ("shop", "actor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ModerationEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ModerationEvent | None = None) -> bool:
        return False


class MarketDateInline(admin.TabularInline):
    """A break or a cancelled session, shown to be taken back (deleted) if entered by mistake. Adding or
    editing them here would skip what the dashboard does (refusing a break over booked pickups,
    cancelling a session's stall orders with the reason): that is done on the dashboard's market pages."""

    extra = 0
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj: Market | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Market | None = None) -> bool:
        return False


class MarketBreakInline(MarketDateInline):
    model = MarketBreak


class MarketCancellationInline(MarketDateInline):
    model = MarketCancellation


class MarketAdminForm(MarketChangeChecksMixin, ModelForm):
    """The dashboard's refusals (stopping, moving, shortening or removing a stallholder over booked
    stall orders) shown on the admin's fields too."""

    class Meta:
        model = Market
        fields = ("name", "place", "weekday", "opens", "closes", "stallholders", "is_active")


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    """Saves through the town hall's market service, as the dashboard does: locked, refused, logged."""

    form = MarketAdminForm
    list_display = ("name", "place", "weekday", "opens", "closes", "is_active")
    filter_horizontal = ("stallholders",)
    inlines = (MarketBreakInline, MarketCancellationInline)

    def save_model(self, request: HttpRequest, obj: Market, form: ModelForm, change: bool) -> None:
        market_save(market=obj, stallholders=form.cleaned_data.get("stallholders"), actor=request.user)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset, change: bool) -> None:
        # The inlines can only take back a break or a cancellation, through the same service.
        formset.save(commit=False)
        for removed in formset.deleted_objects:
            market_date_remove(removed=removed, actor=request.user)
