"""The town hall's side of the demo: its news on the home page and the shops' posts (an offer, news,
today's menu), dated from today so `make run` shows them current whatever the day.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from demo import images as demo_images
from demo.data import ANNOUNCEMENTS, CATEGORY_BY_SLUG, POSTS
from shops.models import Partner
from townhall.models import Announcement, MerchantPost

User = get_user_model()


def announcements_ensure(*, author: User) -> None:
    """One announcement on the home page today and one that has ended."""
    today = timezone.localdate()
    for data in ANNOUNCEMENTS:
        Announcement.objects.update_or_create(
            title=data.title,
            defaults={
                "text": data.text,
                "starts_on": today + dt.timedelta(days=data.starts_in),
                "ends_on": today + dt.timedelta(days=data.ends_in),
                "created_by": author,
            },
        )


def posts_ensure() -> None:
    """An offer, a piece of news and today's menu, from demo shops; photos drawn once."""
    now = timezone.now()
    zone = timezone.get_current_timezone()
    midnight = dt.datetime.combine(timezone.localdate(now), dt.time(0), tzinfo=zone)
    codes = [post.shop for post in POSTS]
    shops = Partner.objects.select_related("category").in_bulk(codes, field_name="code")
    for data in POSTS:
        shop = shops.get(data.shop)
        if shop is None:
            continue
        photo = ""
        if data.picture:
            photo = f"demo/posts/{shop.code}-{data.kind}.jpg"
            if not default_storage.exists(photo):
                colour = CATEGORY_BY_SLUG[shop.category.slug].colour
                default_storage.save(photo, ContentFile(demo_images.product_picture(data.picture, colour)))
        MerchantPost.objects.update_or_create(
            shop=shop,
            kind=data.kind,
            text=data.text,
            defaults={
                "photo": photo,
                "publish_from": midnight if data.today_only else now - dt.timedelta(days=2),
                "publish_until": midnight + dt.timedelta(days=1) if data.today_only else None,
            },
        )
