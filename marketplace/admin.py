"""Django admin for the town hall models: a fallback to fix data the dashboard pages do not edit
(removing a cancelled session or a seasonal break entered by mistake, reading a hidden post)."""

from django.contrib import admin
from django.http import HttpRequest

from marketplace.models import (
    Announcement,
    Market,
    MarketBreak,
    MarketCancellation,
    MerchantPost,
    ModerationEvent,
)


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_on", "ends_on", "created_by")


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


class MarketBreakInline(admin.TabularInline):
    model = MarketBreak
    extra = 0


class MarketCancellationInline(admin.TabularInline):
    model = MarketCancellation
    extra = 0


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ("name", "place", "weekday", "opens", "closes", "is_active")
    filter_horizontal = ("stallholders",)
    inlines = (MarketBreakInline, MarketCancellationInline)
