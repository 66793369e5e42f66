"""Creating gift vouchers, and spending them when a checkout is placed.

A town gift voucher is an Oscar `Voucher`, single use, with its own voucher offer (Oscar keys a
basket's discounts by offer, so two vouchers in one basket need two offers) whose benefit is a
fixed amount over the products of every shop, or of one category of shops. Oscar's basket applies
it and spreads it over the lines; placement (orders.placement) locks the vouchers and gives each
shop's order its share. Like a paper "chèque cadeau", a voucher gives no change.

Rules when orders are not supplied (orders.voucher_give_back, reached by every cancellation): the
share a voucher paid of what the shop does not supply goes back to the resident. Their own voucher is
usable again when no other order spent any of it (`voucher_use_undo`, as for a card checkout never
paid); otherwise a new single-use voucher for that share (`voucher_reissue`). Either way the town
owes the shop nothing for that share.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from oscar.apps.voucher.utils import get_unused_code
from oscar.core.loading import get_model

from shops.models import ShopCategory
from vouchers.exceptions import VoucherRefused
from vouchers.ranges import proxy_path

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
OrderDiscount = get_model("order", "OrderDiscount")
Voucher = get_model("voucher", "Voucher")
VoucherApplication = get_model("voucher", "VoucherApplication")
VoucherSet = get_model("voucher", "VoucherSet")

CODE_LENGTH = 12  # XXXX-XXXX-XXXX, Oscar's format: short enough to type from paper


def voucher_range(category: ShopCategory | None) -> Range:
    """The products a voucher pays for: every shop's, or those of the shops of one category."""
    if category is None:
        # Its own range, found by its (unique) name: not one the town hall made in Oscar's dashboard,
        # which may leave products out ("everything but…").
        product_range, _created = Range.objects.get_or_create(
            name=_("All shops"), defaults={"includes_all_products": True}
        )
        return product_range
    product_range, _created = Range.objects.get_or_create(
        proxy_class=proxy_path(category.pk),
        defaults={"name": _("Shops: %(category)s") % {"category": category.name}},
    )
    return product_range


def gift_offer_name(code: str) -> str:
    """The name of a voucher's own offer. Oscar wants offer names unique, and keeps the offer when
    its voucher is deleted from its dashboard: the code cannot be issued again (see IssueForm)."""
    return _("Gift voucher %(code)s") % {"code": code}


def vouchers_create(
    *,
    name: str,
    amount: Decimal,
    count: int,
    start: dt.datetime,
    end: dt.datetime,
    category: ShopCategory | None = None,
    code: str = "",
) -> list[Voucher]:
    """Issue `count` single-use vouchers of `amount` each: one alone (its code typed or generated),
    several as an Oscar voucher set (Oscar's dashboard lists and exports their codes). The town hall
    issues them through townhall.gift_vouchers.services.vouchers_issue, which logs it."""
    with transaction.atomic():
        product_range = voucher_range(category)
        condition = Condition.objects.create(range=product_range, type=Condition.COUNT, value=1)
        benefit = Benefit.objects.create(range=product_range, type=Benefit.FIXED, value=amount)
        voucher_set = None
        if count > 1:
            voucher_set = VoucherSet.objects.create(
                name=name,
                count=count,
                code_length=CODE_LENGTH,
                description=name,
                start_datetime=start,
                end_datetime=end,
            )
        vouchers = []
        for number in range(1, count + 1):
            voucher_code = (code if count == 1 and code else get_unused_code(length=CODE_LENGTH)).upper()
            # Non-exclusive, so a resident may put two vouchers in one basket.
            offer = ConditionalOffer.objects.create(
                name=gift_offer_name(voucher_code),
                offer_type=ConditionalOffer.VOUCHER,
                exclusive=False,
                condition=condition,
                benefit=benefit,
            )
            voucher = Voucher.objects.create(
                name=f"{name} - {number}" if voucher_set else name,
                code=voucher_code,
                usage=Voucher.SINGLE_USE,
                start_datetime=start,
                end_datetime=end,
                voucher_set=voucher_set,
            )
            voucher.offers.add(offer)
            vouchers.append(voucher)
    return vouchers


def voucher_refusal(voucher: Voucher, user) -> str:
    """Why the resident cannot spend this voucher now, or ""."""
    names = {"code": voucher.code}
    if voucher.is_expired():
        return _("The gift voucher %(code)s has expired: please remove it from your basket.") % names
    if not voucher.is_active():
        return _("The gift voucher %(code)s cannot be used yet: please remove it from your basket.") % names
    available, _message = voucher.is_available_to_user(user=user or AnonymousUser())
    if not available:
        return (
            _("The gift voucher %(code)s has already been used: please remove it from your basket.") % names
        )
    return ""


def basket_vouchers_lock(*, basket, user) -> None:
    """In the placement transaction: lock the vouchers giving the basket a discount, and refuse
    the checkout if one can no longer be spent.

    The lock makes a second checkout with the same voucher wait until the first commits, then see
    its use. Locks are taken in voucher order, so checkouts sharing vouchers cannot deadlock.
    Vouchers giving no discount (no item of their shops) are not spent and not checked.
    """
    applied = [application["voucher"].pk for application in basket.voucher_discounts]
    for voucher in Voucher.objects.select_for_update().filter(pk__in=applied).order_by("pk"):
        refusal = voucher_refusal(voucher, user)
        if refusal:
            raise VoucherRefused(refusal)


def order_voucher_discounts_record(*, order, lines: list, basket, user) -> None:
    """Give a shop's order its share of each voucher discount, and record the voucher's use on it.

    Call before the order's lines are created: Oscar's OrderCreator then writes each line's share
    (OrderLineDiscount) against these order discounts.
    """
    for application in basket.voucher_discounts:
        offer, voucher = application["offer"], application["voucher"]
        share = sum(
            (
                discount.amount
                for line in lines
                for discount in line.discounts
                if discount.offer and discount.offer.pk == offer.pk
            ),
            Decimal("0.00"),
        )
        if not share:
            continue
        OrderDiscount.objects.create(
            order=order,
            offer_id=offer.pk,
            offer_name=offer.name,
            voucher_id=voucher.pk,
            voucher_code=voucher.code,
            frequency=application["freq"],
            amount=share,
        )
        usage = {"freq": application["freq"], "discount": share}
        offer.record_usage(usage)
        voucher.record_discount(usage)
        voucher.record_usage(order, user or AnonymousUser())


def order_vouchers_release(*, order) -> int:
    """Give back the vouchers of an order that was never paid for; returns how many uses were undone."""
    with transaction.atomic():
        return sum(
            voucher_use_undo(order=order, discount=discount)
            for discount in order.discounts.filter(voucher_id__isnull=False)
        )


def voucher_use_undo(*, order, discount) -> int:
    """The voucher of this order discount usable again, as if this order had never spent it; 1 if undone.

    Oscar's usage figures (voucher and offer: orders, total discount) are taken back too.
    """
    with transaction.atomic():
        undone, _deleted = VoucherApplication.objects.filter(
            order=order, voucher_id=discount.voucher_id
        ).delete()
        if not undone:
            return 0
        Voucher.objects.filter(pk=discount.voucher_id).update(
            num_orders=F("num_orders") - 1, total_discount=F("total_discount") - discount.amount
        )
        ConditionalOffer.objects.filter(pk=discount.offer_id).update(
            num_orders=F("num_orders") - 1,
            num_applications=F("num_applications") - discount.frequency,
            total_discount=F("total_discount") - discount.amount,
        )
    return 1


# A voucher given back lasts at least this long, even when the one it replaces ends sooner.
REISSUED_VOUCHER_MIN_DAYS = 30


def voucher_reissue(*, original: Voucher, amount: Decimal, now: dt.datetime) -> Voucher:
    """A new single-use voucher worth `amount`, for the same shops as `original` (its range), valid from
    now until the original's end, or at least REISSUED_VOUCHER_MIN_DAYS."""
    offer = original.offers.select_related("benefit__range").first()
    product_range = offer.benefit.range if offer else voucher_range(None)
    end = max(original.end_datetime, now + dt.timedelta(days=REISSUED_VOUCHER_MIN_DAYS))
    with transaction.atomic():
        condition = Condition.objects.create(range=product_range, type=Condition.COUNT, value=1)
        benefit = Benefit.objects.create(range=product_range, type=Benefit.FIXED, value=amount)
        code = get_unused_code(length=CODE_LENGTH).upper()
        new_offer = ConditionalOffer.objects.create(
            name=gift_offer_name(code),
            offer_type=ConditionalOffer.VOUCHER,
            exclusive=False,
            condition=condition,
            benefit=benefit,
        )
        voucher = Voucher.objects.create(
            # Oscar wants voucher names unique: the new code in it, with the one it replaces.
            name=_("%(code)s, given back from %(original)s") % {"code": code, "original": original.code},
            code=code,
            usage=Voucher.SINGLE_USE,
            start_datetime=now,
            end_datetime=end,
        )
        voucher.offers.add(new_offer)
    return voucher
