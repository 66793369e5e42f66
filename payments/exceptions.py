"""Errors of payments, with a message for the person who can fix what caused them."""


class PickupPaymentMissing(Exception):
    """A pay-at-pickup order is handed over without saying how it was paid."""
