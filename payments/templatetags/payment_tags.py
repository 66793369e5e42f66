"""Template tags of payments: whether card payment is set up, and what a resident gets back for an
order, for pages and messages outside the app."""

from django import template

from orders.models import Order
from payments.selectors import RefundNotice
from payments.selectors import order_refund_notice as _order_refund_notice
from payments.services import card_payment_available as _card_payment_available

register = template.Library()


@register.simple_tag
def card_payment_available() -> bool:
    return _card_payment_available()


@register.simple_tag
def order_refund_notice(order: Order) -> RefundNotice | None:
    """For a message about one order: `{% order_refund_notice order as notice %}`."""
    return _order_refund_notice(order)
