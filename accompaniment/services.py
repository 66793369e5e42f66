"""Writes for accompanying merchants: help records, the merchant's consent, and help mode.

Every change the manager makes for a shop goes through `help_product_add`, which checks the session
and consent under a lock and logs a `HelpAction`: whichever page or command calls it, the merchant
sees what was done and by whom.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from accompaniment.exceptions import HelpModeRefused
from accompaniment.models import HelpAction, HelpConsent, HelpRecord, HelpSession
from shops.models import Partner
from shops.products import product_class_for

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def help_record_add(
    *, shop: Partner, kind: str, date: dt.date, note: str, recorded_by: AbstractBaseUser
) -> HelpRecord:
    return HelpRecord.objects.create(shop=shop, kind=kind, date=date, note=note, recorded_by=recorded_by)


def help_consent_grant(*, shop: Partner, merchant: AbstractBaseUser) -> HelpConsent:
    """The merchant lets the digital corner act for the shop; granting again keeps the first consent."""
    try:
        with transaction.atomic():
            return HelpConsent.objects.create(shop=shop, granted_by=merchant)
    except IntegrityError:  # already in force (one_consent_in_force)
        return HelpConsent.objects.get(shop=shop, withdrawn_at=None)


def help_consent_withdraw(*, shop: Partner) -> int:
    """Withdraw the consent in force and close any help-mode session under it; how many consents."""
    now = timezone.now()
    with transaction.atomic():
        HelpSession.objects.filter(shop=shop, ended_at=None).update(ended_at=now)
        return HelpConsent.objects.filter(shop=shop, withdrawn_at=None).update(withdrawn_at=now)


def help_session_start(*, shop: Partner, helper: AbstractBaseUser) -> HelpSession:
    """Enter help mode for a shop, refused without the merchant's consent in force."""
    with transaction.atomic():
        consent = HelpConsent.objects.select_for_update().filter(shop=shop, withdrawn_at=None).first()
        if consent is None:
            raise HelpModeRefused(_("The merchant has not agreed to help mode."))
        session = HelpSession.objects.filter(shop=shop, helper=helper, ended_at=None, consent=consent).first()
        return session or HelpSession.objects.create(shop=shop, helper=helper, consent=consent)


def help_session_stop(*, shop: Partner, helper: AbstractBaseUser) -> int:
    return HelpSession.objects.filter(shop=shop, helper=helper, ended_at=None).update(ended_at=timezone.now())


def _session_in_force(*, shop: Partner, helper: AbstractBaseUser) -> HelpSession:
    session = (
        HelpSession.objects.select_for_update()
        .filter(shop=shop, helper=helper, ended_at=None, consent__withdrawn_at=None)
        .first()
    )
    if session is None:
        raise HelpModeRefused(_("Start help mode for this shop first (the merchant's consent is needed)."))
    return session


def help_product_add(
    *,
    shop: Partner,
    helper: AbstractBaseUser,
    title: str,
    price: Decimal,
    stock: int,
    description: str = "",
    photo: UploadedFile | None = None,
) -> Product:
    """Add a product (and its photo) to the shop's catalogue for the merchant, logged as help given."""
    with transaction.atomic():
        session = _session_in_force(shop=shop, helper=helper)
        product = Product.objects.create(
            title=title,
            slug=slugify(title)[:255] or "produit",
            description=description,
            product_class=product_class_for(always_available=False),
            structure=Product.STANDALONE,
            is_public=True,
        )
        StockRecord.objects.create(
            product=product,
            partner=shop,
            partner_sku=f"AIDE-{product.pk}",
            price=price,
            price_currency="EUR",
            num_in_stock=stock,
            num_allocated=0,
        )
        HelpAction.objects.create(
            session=session,
            kind=HelpAction.Kind.PRODUCT_ADDED,
            product=product,
            description=_("Product “%(title)s” added") % {"title": title},
        )
        if photo is not None:
            ProductImage.objects.create(product=product, original=photo, caption=title, display_order=0)
            HelpAction.objects.create(
                session=session,
                kind=HelpAction.Kind.PHOTO_ADDED,
                product=product,
                description=_("Photo of “%(title)s” added") % {"title": title},
            )
    return product
