"""The basket's gift vouchers, for its template: those giving a discount, and those that cannot."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from vouchers.services import voucher_refusal

register = template.Library()


@register.simple_tag
def basket_gift_vouchers(basket, user) -> dict:
    """`applied`: Oscar's voucher discounts; `idle`: each other voucher with why it gives nothing."""
    applied = basket.grouped_voucher_discounts
    applied_ids = {discount["voucher"].pk for discount in applied}
    idle = [
        {
            "voucher": voucher,
            "reason": voucher_refusal(voucher, user)
            or _("The gift voucher %(code)s is not spendable at the shops of your basket.")
            % {"code": voucher.code},
        }
        for voucher in basket.vouchers.all()
        if voucher.pk not in applied_ids
    ]
    return {"applied": applied, "idle": idle}
