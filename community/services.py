"""Writes for the merchants' space: post, answer, the town hall hiding, and the daily digest."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from community import messages
from community.models import CommunityPost, CommunityReply
from shops.models import Partner


def community_post_add(
    *, shop: Partner, author: AbstractBaseUser, kind: str, title: str, text: str
) -> CommunityPost:
    return CommunityPost.objects.create(shop=shop, author=author, kind=kind, title=title, text=text)


def community_reply_add(
    *, post: CommunityPost, shop: Partner, author: AbstractBaseUser, text: str
) -> CommunityReply:
    return CommunityReply.objects.create(post=post, shop=shop, author=author, text=text)


def community_post_hide(*, post: CommunityPost, reason: str) -> CommunityPost:
    post.hidden_at, post.hidden_reason = timezone.now(), reason
    post.save(update_fields=["hidden_at", "hidden_reason"])
    return post


def community_reply_hide(*, reply: CommunityReply) -> CommunityReply:
    reply.hidden_at = timezone.now()
    reply.save(update_fields=["hidden_at"])
    return reply


def community_digests_queue(*, today: dt.date) -> int:
    """Each approved shop's merchant hears of the others' posts of yesterday; once per shop and day."""
    since, until = messages.digest_window(today)
    # Who posted yesterday, read once: a shop whose post is the only one has nothing to hear of.
    posters = set(
        CommunityPost.objects.filter(hidden_at=None, created_at__gte=since, created_at__lt=until).values_list(
            "shop_id", flat=True
        )
    )
    if not posters:
        return 0
    queued = 0
    shops = Partner.objects.shops_only().filter(approval=Partner.Approval.APPROVED).prefetch_related("users")
    for shop in shops:
        email = shop.merchant_email()
        if email and posters - {shop.pk}:
            with transaction.atomic():
                queued += messages.digest_message_add(shop=shop, email=email, day=today)
    return queued
