"""Completing a checkout: the one way a basket becomes orders, for the resident's checkout page and the
merchant's phone order alike. The basket is placed (orders.placement: one order per shop, all or
nothing) and, when it is paid by card, its payment started, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from orders.exceptions import PlacementError
from orders.models import Channel, Checkout, Order, Status
from orders.placement import Contact, FulfilmentChoice, checkout_place
from orders.services import order_accept
from payments.client import card_minimum_refusal
from payments.intents import payment_create
from shops.models import Partner
from shops.strategy import Selector

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")


@dataclass(frozen=True)
class Completed:
    checkout: Checkout
    pay_by_card: bool  # the resident goes on to the card page


def checkout_complete(
    *,
    basket,
    choices: Mapping[int, FulfilmentChoice],
    contact: Contact,
    user: AbstractBaseUser | None,
    card: bool,
    channel: str = Channel.WEB,
    tell_shops: bool = True,
) -> Completed:
    """Place the basket and, paid by card, start its payment; raises PlacementError having written
    nothing (CardMinimumUnmet when what is left to pay is below what a card can take)."""
    with transaction.atomic():
        checkout = checkout_place(
            basket=basket,
            choices=choices,
            contact=contact,
            user=user,
            status=Status.PENDING_PAYMENT if card else Status.PLACED,
            channel=channel,
            tell_shops=tell_shops,
        )
        # Placement leaves nothing to pay when gift vouchers covered everything, fees included.
        pay_by_card = card and checkout.orders.filter(status=Status.PENDING_PAYMENT).exists()
        if pay_by_card:
            payment_create(checkout=checkout, basket_id=basket.pk)
    return Completed(checkout=checkout, pay_by_card=pay_by_card)


def payment_method_refusal(
    *, card_chosen: bool, at_point: bool, delivered: bool, card_allowed: bool, total: Decimal
) -> str:
    """Why paying at the shop is refused for this checkout ("" when the choice stands). Nobody collects
    at a counter when an order is delivered, so it is paid online; nor does anyone take money at a
    pickup point. When too little is left for a card, only a counter could take it: say so."""
    if card_chosen:
        return ""
    if at_point:
        message = _("A pickup point is paid by card online: please choose card.")
    elif delivered:
        message = _("Delivery is paid by card online: please choose card.")
    else:
        return ""
    return message if card_allowed else card_minimum_refusal(total)


def phone_order_place(
    *,
    shop: Partner,
    items: Iterable[tuple[Product, int]],
    choice: FulfilmentChoice,
    contact: Contact,
    taken_by_shop: bool = False,
) -> Order:
    """Call & collect: the items taken by phone become a basket, completed like a resident's (paid at
    the counter when collected). `taken_by_shop`: the merchant took it, so it is accepted at once
    and the shop gets no new-order alert; the digital corner's orders (checkout.behalf) wait for
    the shop as a resident's do. On a refusal the basket goes and PlacementError is raised."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    try:
        with transaction.atomic():
            completed = checkout_complete(
                basket=basket,
                choices={shop.pk: choice},
                contact=contact,
                user=None,
                card=False,
                channel=Channel.PHONE,
                tell_shops=not taken_by_shop,
            )
            order = completed.checkout.orders.get()
            return order_accept(order=order) if taken_by_shop else order
    except PlacementError:
        basket.delete()
        raise
