"""The merchant's quick offer page, "today at my counter": one short form, on sale at once.

Merchants only (`apps.py`), on their own shop (MerchantShopMixin). A form error keeps what was typed
and the photo (kept server-side for this session, as the product form does).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from shops import photos
from shops.counter_offers import counter_offer_create, counter_offers_now
from shops.dashboard.mixins import MerchantShopMixin
from shops.dashboard.offer_forms import CounterOfferForm, window_initial


class CounterOfferView(MerchantShopMixin, TemplateView):
    template_name = "shops/dashboard/counter_offer_form.html"

    def get_context_data(self, **kwargs) -> dict:
        offers = counter_offers_now(now=timezone.now(), shop=self.shop)
        return super().get_context_data(shop=self.shop, offers=offers, **kwargs)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = CounterOfferForm(
            shop=self.shop, session=request.session, initial=window_initial(timezone.now())
        )
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        now = timezone.now()
        form = CounterOfferForm(request.POST, request.FILES, shop=self.shop, session=request.session, now=now)
        valid = form.is_valid()
        token = form.cleaned_data.get("photo_token", "")
        if not valid:
            if form.prepared_photo is not None:
                token = photos.pending_save(session=request.session, photo=form.prepared_photo)
            data = form.data.copy()
            data["photo_token"] = token
            form.data = data
            pending = photos.pending_url(token) if token else ""
            return self.render_to_response(
                self.get_context_data(form=form, pending_photo=pending), status=400
            )
        photo = form.prepared_photo
        if photo is None and token:
            photo = photos.pending_take(session=request.session, token=token)
        product = counter_offer_create(shop=self.shop, data=form.offer_input(), photo=photo, now=now)
        messages.success(
            request,
            _("“%(title)s” is on the marketplace until the end of its pickup window.")
            % {"title": product.title},
        )
        return redirect("dashboard:merchant-counter-offer")
