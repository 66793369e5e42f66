"""Why an order could not be placed or moved: each says what the resident or merchant must know."""

from django.utils.translation import gettext as _


class PlacementError(Exception):
    """Placing a checkout failed; nothing was written. `message` is for the resident."""

    def __init__(self, message: str, *, shop_id: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.shop_id = shop_id


class OutOfStock(PlacementError):
    def __init__(self, *, title: str, available: int, shop_id: int) -> None:
        if available > 0:
            message = _("Only %(available)d left of “%(title)s”: please lower the quantity.") % {
                "available": available,
                "title": title,
            }
        else:
            message = _("“%(title)s” is no longer in stock.") % {"title": title}
        super().__init__(message, shop_id=shop_id)


class SlotUnavailable(PlacementError):
    """The chosen slot is full, past its cut-off, or not one the shop offers."""


class InvalidTransition(Exception):
    """An order cannot move to the requested state from its current one."""


class WrongPickupCode(Exception):
    """The typed code is not this order's: nothing changed."""


class TooManyAttempts(Exception):
    """Too many wrong codes in a short time: checking is paused for a while."""


class PickupPaymentMissing(Exception):
    """A pay-at-pickup order is handed over without saying how it was paid."""
