"""Errors of gift vouchers, with a message for the resident."""


class VoucherRefused(ValueError):
    """A voucher in the basket can no longer be spent (used meanwhile, expired): the checkout is refused."""
