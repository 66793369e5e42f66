"""Template tags of payments: whether card payment is set up, for pages outside the app."""

from django import template

from payments.services import card_payment_available as _card_payment_available

register = template.Library()


@register.simple_tag
def card_payment_available() -> bool:
    return _card_payment_available()
