"""Town hall writes: hiding a post or a product (logged, merchant told why), announcements' log entries.

Markets have their own services (townhall/market_services.py)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from shops.emails import send_after_commit
from shops.models import Partner
from townhall.log import changed_labels, town_hall_action_record
from townhall.models import Announcement, MerchantPost, ModerationEvent

Product = get_model("catalogue", "Product")
Action = ModerationEvent.Action


class ModerationError(ValueError):
    """A hiding the town hall cannot do as asked (no reason, nothing to hide)."""


def post_hide(*, post: MerchantPost, actor: AbstractBaseUser, reason: str) -> MerchantPost:
    """Take a post off the storefront, record who did it and why, and tell the merchant."""
    reason = _required(reason)
    with transaction.atomic():
        post.hidden_at = timezone.now()
        post.hidden_reason = reason
        post.save(update_fields=["hidden_at", "hidden_reason"])
        subject = f"{post.get_kind_display()}: {post.text[:200]}"
        town_hall_action_record(
            action=Action.POST_HIDDEN, actor=actor, subject=subject, reason=reason, shop=post.shop, post=post
        )
        _tell_merchant(shop=post.shop, what=subject, reason=reason)
    return post


def product_hide(*, product: Product, actor: AbstractBaseUser, reason: str) -> Product:
    """Unpublish a product (`is_public=False`), record who did it and why, and tell its shop."""
    reason = _required(reason)
    stockrecord = product.stockrecords.select_related("partner").order_by("pk").first()
    shop = stockrecord.partner if stockrecord else None
    with transaction.atomic():
        product.is_public = False
        product.save(update_fields=["is_public"])
        town_hall_action_record(
            action=Action.PRODUCT_HIDDEN,
            actor=actor,
            subject=product.get_title(),
            reason=reason,
            shop=shop,
            product=product,
        )
        if shop:
            _tell_merchant(shop=shop, what=product.get_title(), reason=reason)
    return product


def _required(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ModerationError("A reason is required: the merchant is told why.")
    return reason


def _tell_merchant(*, shop: Partner, what: str, reason: str) -> None:
    """Email the shop's merchants once the hiding is committed, so no one hears of a rolled-back one."""
    send_after_commit(
        template="hidden", to=shop.merchant_email(), context={"shop": shop, "what": what, "reason": reason}
    )


def announcement_edited_record(
    *, announcement: Announcement, before: Announcement, actor: AbstractBaseUser
) -> None:
    """Log an announcement's edit, naming the fields that changed; nothing when none did."""
    changed = changed_labels(before, announcement, ("title", "text", "link", "starts_on", "ends_on"))
    if changed:
        town_hall_action_record(
            action=Action.ANNOUNCEMENT_EDITED,
            actor=actor,
            subject=f"{announcement.title} ({', '.join(changed)})",
        )
