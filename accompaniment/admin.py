"""Django admin for accompanying merchants, for the town hall's superuser: help given is editable;
consents, help-mode sessions and their changes are a record the merchant relies on, so read-only."""

from django.contrib import admin
from django.http import HttpRequest

from accompaniment.models import HelpAction, HelpConsent, HelpRecord, HelpSession


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(HelpRecord)
class HelpRecordAdmin(admin.ModelAdmin):
    list_display = ("date", "shop", "kind", "recorded_by")
    list_filter = ("kind",)
    list_select_related = ("shop", "recorded_by")
    search_fields = ("shop__name", "note")


@admin.register(HelpConsent)
class HelpConsentAdmin(ReadOnlyAdmin):
    list_display = ("shop", "granted_by", "granted_at", "withdrawn_at")
    list_select_related = ("shop", "granted_by")


class HelpActionInline(admin.TabularInline):
    model = HelpAction
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "kind", "product", "description")


@admin.register(HelpSession)
class HelpSessionAdmin(ReadOnlyAdmin):
    list_display = ("shop", "helper", "started_at", "ended_at")
    list_select_related = ("shop", "helper")
    inlines = (HelpActionInline,)
