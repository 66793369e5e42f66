"""Django admin for follows, for the town hall's superuser: read and remove (a resident adds their own)."""

from django.contrib import admin
from django.http import HttpRequest

from follows.models import Follow, ReopenAlert


class ResidentOwnedAdmin(admin.ModelAdmin):
    list_select_related = ("user", "shop")
    search_fields = ("user__email", "shop__name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Follow)
class FollowAdmin(ResidentOwnedAdmin):
    list_display = ("user", "shop", "created_at")


@admin.register(ReopenAlert)
class ReopenAlertAdmin(ResidentOwnedAdmin):
    list_display = ("user", "shop", "created_at")
