"""Dashboard pages of accompaniment; who may open each is in apps.py (`permissions_map`).

The manager's pages find the shop from the URL (they work on every shop); the merchant's page finds
it from their account (MerchantShopMixin), so a merchant only ever sees their own shop's help.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accompaniment import selectors, services
from accompaniment.exceptions import HelpModeRefused
from accompaniment.forms import HelpProductForm, HelpRecordForm
from accompaniment.standing import standings_sort
from shops.dashboard.mixins import MerchantShopMixin
from shops.models import Partner

SORTABLE = (
    ("name", gettext_lazy("Shop")),
    ("products", gettext_lazy("Products online")),
    ("photos", gettext_lazy("With a photo")),
    ("orders", gettext_lazy("Orders this month")),
    ("login", gettext_lazy("Last login")),
    ("help", gettext_lazy("Help given")),
    ("flags", gettext_lazy("Needs a hand")),
)


def _shop(pk: int) -> Partner:
    return get_object_or_404(Partner.objects.shops_only(), pk=pk)


class MerchantListView(TemplateView):
    """Every merchant with where they stand, the neediest first unless sorted otherwise."""

    template_name = "accompaniment/merchant_list.html"

    def get_context_data(self, **kwargs) -> dict:
        now = timezone.now()
        standings, sort = standings_sort(
            selectors.merchant_standings(now=now), sort=self.request.GET.get("sort", ""), now=now
        )
        rows = [(s, s.flags(now=now), s.status_kept_up_to_date(now=now)) for s in standings]
        columns = [
            (key, label, f"-{key}" if sort == key else key, sort.removeprefix("-") == key)
            for key, label in SORTABLE
        ]
        return super().get_context_data(
            rows=rows, sort=sort, columns=columns, needing=sum(bool(f) for _s, f, _u in rows), **kwargs
        )


class MerchantDetailView(TemplateView):
    """One merchant: their figures, the help given, consent and help mode."""

    template_name = "accompaniment/merchant_detail.html"

    def get_context_data(self, **kwargs) -> dict:
        shop = _shop(self.kwargs["pk"])
        now = timezone.now()
        standing = selectors.merchant_standing(shop_id=shop.pk, now=now)
        return super().get_context_data(
            shop=shop,
            standing=standing,
            flags=standing.flags(now=now),
            up_to_date=standing.status_kept_up_to_date(now=now),
            records=selectors.shop_help_records(shop=shop),
            consent=selectors.consent_in_force(shop=shop),
            session=selectors.open_help_session(shop=shop, helper=self.request.user),
            actions=selectors.shop_help_actions(shop=shop)[:20],
            form=kwargs.pop("form", None) or HelpRecordForm(),
            **kwargs,
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Record help given (the only form of this page)."""
        shop = _shop(pk)
        form = HelpRecordForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.help_record_add(shop=shop, recorded_by=request.user, **form.cleaned_data)
        messages.success(request, _("Help recorded."))
        return redirect("dashboard:corner-merchant-detail", pk=shop.pk)


class HelpSessionStartView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shop = _shop(pk)
        try:
            services.help_session_start(shop=shop, helper=request.user)
        except HelpModeRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("dashboard:corner-merchant-detail", pk=shop.pk)
        messages.success(request, _("Help mode on: what you add is shown to the merchant as done by you."))
        return redirect("dashboard:corner-help-product", pk=shop.pk)


class HelpSessionStopView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shop = _shop(pk)
        services.help_session_stop(shop=shop, helper=request.user)
        messages.success(request, _("Help mode off."))
        return redirect("dashboard:corner-merchant-detail", pk=shop.pk)


class HelpProductCreateView(View):
    """Add a product with its photo for the merchant, in help mode only."""

    template_name = "accompaniment/help_product.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.shop = _shop(kwargs["pk"])
        self.session = selectors.open_help_session(shop=self.shop, helper=request.user)
        if self.session is None:
            messages.error(
                request, _("Start help mode for this shop first (the merchant's consent is needed).")
            )
            return redirect("dashboard:corner-merchant-detail", pk=self.shop.pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(HelpProductForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = HelpProductForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            product = services.help_product_add(shop=self.shop, helper=request.user, **form.cleaned_data)
        except HelpModeRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("dashboard:corner-merchant-detail", pk=self.shop.pk)
        messages.success(
            request, _("“%(title)s” added for %(shop)s.") % {"title": product.title, "shop": self.shop}
        )
        return redirect("dashboard:corner-help-product", pk=self.shop.pk)

    def _render(self, form: HelpProductForm, status: int = 200) -> HttpResponse:
        context = {
            "shop": self.shop,
            "form": form,
            "actions": selectors.shop_help_actions(shop=self.shop).filter(session=self.session),
        }
        return render(self.request, self.template_name, context, status=status)


# --- The merchant's side


class MyHelpView(MerchantShopMixin, TemplateView):
    """The merchant's page: consent to help mode, and everything the digital corner did for the shop."""

    template_name = "accompaniment/my_help.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            shop=self.shop,
            consent=selectors.consent_in_force(shop=self.shop),
            actions=selectors.shop_help_actions(shop=self.shop)[:50],
            sessions=selectors.shop_help_sessions(shop=self.shop)[:20],
            **kwargs,
        )


class ConsentView(MerchantShopMixin, View):
    """Grant (action=grant) or withdraw the consent to help mode; POST only."""

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action")
        if action == "grant":
            services.help_consent_grant(shop=self.shop, merchant=request.user)
            messages.success(request, _("The town's digital corner may now act for your shop."))
        elif action == "withdraw":
            services.help_consent_withdraw(shop=self.shop)
            messages.success(
                request, _("Consent withdrawn: the digital corner can no longer act for your shop.")
            )
        else:
            raise Http404
        return redirect("dashboard:corner-my-help")
