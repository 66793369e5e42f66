"""Django admin for people not online, for the town hall's superuser: their records and the relatives
they allow; orders placed for them are read-only (placing goes through checkout.behalf)."""

from django.contrib import admin
from django.http import HttpRequest

from checkout.models import BehalfCheckout, OfflineResident, Relative


class RelativeInline(admin.TabularInline):
    model = Relative
    fk_name = "resident"
    extra = 0
    fields = ("user", "consent", "recorded_by", "recorded_at")
    readonly_fields = ("recorded_by", "recorded_at")
    raw_id_fields = ("user",)


@admin.register(OfflineResident)
class OfflineResidentAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "phone", "preferred_contact", "city")
    list_filter = ("preferred_contact",)
    search_fields = ("last_name", "first_name", "phone")
    readonly_fields = ("created_by", "created_at")
    inlines = (RelativeInline,)


@admin.register(BehalfCheckout)
class BehalfCheckoutAdmin(admin.ModelAdmin):
    list_display = ("checkout", "resident", "placed_by", "created_at")
    list_select_related = ("checkout", "resident", "placed_by")
    readonly_fields = ("checkout", "resident", "placed_by", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
