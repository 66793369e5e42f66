"""Reads for the merchants' space: the posts with their reply counts, one post with its replies."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from community.models import CommunityPost, CommunityReply
from shops.models import Partner


def space_posts(*, include_hidden: bool) -> QuerySet[CommunityPost]:
    posts = CommunityPost.objects.select_related("shop").annotate(
        reply_count=Count("replies", filter=Q(replies__hidden_at=None))
    )
    return (posts if include_hidden else posts.filter(hidden_at=None)).order_by("-created_at", "-pk")


def space_post(*, pk: int, include_hidden: bool) -> CommunityPost | None:
    replies = CommunityReply.objects.select_related("shop")
    if not include_hidden:
        replies = replies.filter(hidden_at=None)
    posts = CommunityPost.objects.select_related("shop").prefetch_related(
        Prefetch("replies", queryset=replies)
    )
    if not include_hidden:
        posts = posts.filter(hidden_at=None)
    return posts.filter(pk=pk).first()


def digest_posts(*, for_shop: Partner, since: dt.datetime, until: dt.datetime) -> list[CommunityPost]:
    """Other shops' visible posts of the period: what one merchant's digest lists."""
    return list(
        CommunityPost.objects.filter(hidden_at=None, created_at__gte=since, created_at__lt=until)
        .exclude(shop=for_shop)
        .select_related("shop")
        .order_by("created_at")
    )
