"""Atom feeds: one per shop (its posts and new products) and one for the town (announcements, all posts)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from shops.models import Partner
from shops.selectors import shop_products, storefront_shop
from townhall.models import Announcement, MerchantPost

ITEMS = 30


class ShopFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Partner:
        try:
            return storefront_shop(slug)
        except Partner.DoesNotExist as missing:
            raise Http404 from missing

    def title(self, shop: Partner) -> str:
        return shop.display_name

    def subtitle(self, shop: Partner) -> str:
        return _("News, offers and new products of %(shop)s") % {"shop": shop.display_name}

    def link(self, shop: Partner) -> str:
        return reverse("shops:detail", kwargs={"slug": shop.slug})

    def items(self, shop: Partner) -> list:
        posts = list(
            MerchantPost.objects.published(at=timezone.now())
            .filter(shop=shop)
            .order_by("-publish_from")[:ITEMS]
        )
        products = list(shop_products(shop).order_by("-date_created")[:ITEMS])
        return sorted(posts + products, key=_when, reverse=True)[:ITEMS]

    def item_title(self, item) -> str:
        if isinstance(item, MerchantPost):
            return f"{item.get_kind_display()} — {item.text[:60]}"
        return _("New: %(title)s") % {"title": item.title}

    def item_description(self, item) -> str:
        return item.text if isinstance(item, MerchantPost) else (item.description or item.title)

    def item_link(self, item) -> str:
        if isinstance(item, MerchantPost):
            return reverse("shops:detail", kwargs={"slug": item.shop.slug}) + f"#post-{item.pk}"
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return _when(item)


class TownFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return settings.OSCAR_SHOP_NAME

    def subtitle(self) -> str:
        return _("The town hall's news and the shops' offers and news")

    def link(self) -> str:
        return reverse("home")

    def items(self) -> list:
        today = timezone.localdate()
        announcements = list(Announcement.objects.current(today=today)[:ITEMS])
        posts = list(
            MerchantPost.objects.published(at=timezone.now())
            .select_related("shop")
            .order_by("-publish_from")[:ITEMS]
        )
        return sorted(announcements + posts, key=_when, reverse=True)[:ITEMS]

    def item_title(self, item) -> str:
        if isinstance(item, Announcement):
            return item.title
        return f"{item.shop.display_name} — {item.text[:60]}"

    def item_description(self, item) -> str:
        return item.text

    def item_link(self, item) -> str:
        if isinstance(item, Announcement):
            return reverse("home") + f"#announcement-{item.pk}"
        return reverse("shops:detail", kwargs={"slug": item.shop.slug}) + f"#post-{item.pk}"

    def item_pubdate(self, item):
        return _when(item)


def _when(item):
    if isinstance(item, MerchantPost):
        return item.publish_from
    if isinstance(item, Announcement):
        return item.created_at
    return item.date_created
