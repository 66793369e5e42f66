"""What the merchant's own pages share: their shop, found from their account, never from the URL."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from shops.dashboard.selectors import merchant_shop


class MerchantShopMixin:
    """The merchant's shop as `self.shop`, or 404 for users who run none (the town hall)."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        shop = merchant_shop(user=request.user)
        if shop is None:
            raise Http404(_("You do not run a shop on the marketplace."))
        self.shop = shop
        return super().dispatch(request, *args, **kwargs)
