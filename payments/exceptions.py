"""Errors of payments, with a message for the person who can fix what caused them."""

from orders.exceptions import PlacementError


class CardMinimumUnmet(PlacementError):
    """Less is left to pay than a card payment can take: the checkout is refused, nothing written."""


class TransferFundsShort(Exception):
    """Stripe refused a transfer for lack of available funds (`balance_insufficient`): try later."""


class WeighedTooFarAhead(PlacementError):
    """Weighed items paid by card for a time past what a card authorisation lasts (payments.authorisation)."""
