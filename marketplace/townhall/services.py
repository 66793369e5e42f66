"""Town hall and merchant writes: hiding a post or a product (logged, merchant told why)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.models import MerchantPost, ModerationEvent
from shops.emails import absolute_url
from shops.models import Partner

Product = get_model("catalogue", "Product")


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
        ModerationEvent.objects.create(
            action=ModerationEvent.Action.POST_HIDDEN,
            actor=actor,
            shop=post.shop,
            post=post,
            subject=subject,
            reason=reason,
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
        ModerationEvent.objects.create(
            action=ModerationEvent.Action.PRODUCT_HIDDEN,
            actor=actor,
            shop=shop,
            product=product,
            subject=product.get_title()[:255],
            reason=reason,
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
    address = shop.merchant_email()
    if not address:
        return
    context = {
        "shop": shop,
        "what": what,
        "reason": reason,
        "town_name": settings.TOWN_NAME,
        "town_contact_email": settings.TOWN_CONTACT_EMAIL,
        "site_url": absolute_url("/"),
    }
    subject = " ".join(render_to_string("marketplace/email/hidden_subject.txt", context).split())
    text = render_to_string("marketplace/email/hidden_body.txt", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
    transaction.on_commit(message.send)
