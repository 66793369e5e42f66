"""Template tags of payments: whether card payment is set up, and what a resident gets back for an
order, for pages and messages outside the app."""

from django import template

from orders.models import Order
from payments.client import card_payment_available as _card_payment_available
from payments.models import Payment
from payments.selectors import RefundNotice, refund_notice
from payments.selectors import order_refund_notice as _order_refund_notice

register = template.Library()


@register.simple_tag
def card_payment_available() -> bool:
    return _card_payment_available()


@register.simple_tag
def order_refund_notice(order: Order) -> RefundNotice | None:
    """For a message about one order: `{% order_refund_notice order as notice %}`."""
    return _order_refund_notice(order)


@register.simple_tag
def checkout_refund_notice(order: Order, payment: Payment | None) -> RefundNotice | None:
    """For a page listing a checkout's orders, its card payment read once:
    `{% checkout_refund_notice order payment as notice %}`."""
    return refund_notice(order=order, payment=payment)
