"""Django admin for workshops, for the town hall's superuser. Signing someone up checks places and
sends the confirmation (workshops.services), so sign-ups are made on the dashboard and read here."""

from django.contrib import admin
from django.http import HttpRequest

from workshops.models import Registration, Workshop


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ("name", "email", "phone", "user", "registered_by", "attended", "created_at")
    readonly_fields = ("name", "email", "phone", "user", "registered_by", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ("title", "audience", "starts_at", "place", "places", "is_published")
    list_filter = ("audience", "is_published")
    search_fields = ("title", "place")
    inlines = (RegistrationInline,)
