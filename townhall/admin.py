"""Django admin for the town hall models: a fallback to fix data the dashboard pages do not edit
(removing a cancelled session or a seasonal break entered by mistake, reading a hidden post)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from markets.models import Market, MarketBreak, MarketCancellation
from townhall.log import town_hall_action_record
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
