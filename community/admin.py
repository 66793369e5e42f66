"""Django admin for the merchants' space, for the town hall's superuser: reading a hidden post or
answer, fixing a typo; hiding and its reason stay on the dashboard's moderation."""

from django.contrib import admin

from community.models import CommunityPost, CommunityReply


class CommunityReplyInline(admin.TabularInline):
    model = CommunityReply
    extra = 0
    fields = ("shop", "author", "text", "hidden_at", "created_at")
    readonly_fields = ("shop", "author", "hidden_at", "created_at")


@admin.register(CommunityPost)
class CommunityPostAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "shop", "author", "created_at", "hidden_at")
    list_filter = ("kind",)
    list_select_related = ("shop", "author")
    search_fields = ("title", "text", "shop__name")
    readonly_fields = ("shop", "author", "hidden_at", "hidden_reason", "created_at")
    inlines = (CommunityReplyInline,)
