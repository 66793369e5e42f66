"""Domain errors of the shop lifecycle, which views turn into a message for the user."""

from django.utils.translation import gettext_lazy as _


class ShopError(Exception):
    """A shop operation that cannot be done; `message` says why, for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidTransition(ShopError):
    """The shop's approval state does not allow this action (approving a suspended shop…)."""

    def __init__(self, *, action: str, state: str) -> None:
        super().__init__(
            _("This shop is %(state)s: it cannot be %(action)s.") % {"state": state, "action": action}
        )
        self.action = action
        self.state = state


class ReasonRequired(ShopError):
    """Rejecting or suspending a shop must say why: the merchant is told."""

    def __init__(self) -> None:
        super().__init__(_("Please give a reason: it is sent to the shop."))


class ContactEmailMissing(ShopError):
    """Approving creates the merchant's account from an email address, which the shop lacks."""

    def __init__(self) -> None:
        super().__init__(_("This shop has no contact email: add one before approving it."))
