"""Follows on the storefront: follow a shop or the markets, "tell me when it reopens", one-click unsubscribe.

Following needs an account (the digest goes to its email); unsubscribing needs only the signed link.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from follows import selectors, services
from follows.tokens import unsubscribe_user_id


def _back(request: HttpRequest) -> str:
    """Back to the page the button was on (only a path of this site)."""
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else reverse("home")


class FollowShopView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shop = selectors.storefront_shop_or_none(pk=pk)
        if shop is None:
            raise Http404
        if request.POST.get("action") == "unfollow":
            services.follow_remove(user=request.user, shop=shop)
            messages.success(request, _("You no longer follow %(shop)s.") % {"shop": shop.display_name})
        else:
            services.follow_add(user=request.user, shop=shop)
            messages.success(
                request,
                _("You follow %(shop)s: its news comes in your weekly email.") % {"shop": shop.display_name},
            )
        return redirect(_back(request))


class FollowMarketsView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("action") == "unfollow":
            services.follow_remove(user=request.user)
            messages.success(request, _("You no longer follow the markets."))
        else:
            services.follow_add(user=request.user)
            messages.success(
                request, _("You follow the markets: the coming sessions come in your weekly email.")
            )
        return redirect(_back(request))


class ReopenAlertView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shop = selectors.storefront_shop_or_none(pk=pk)
        if shop is None:
            raise Http404
        services.reopen_alert_add(user=request.user, shop=shop)
        messages.success(request, _("We will email you when %(shop)s reopens.") % {"shop": shop.display_name})
        return redirect(_back(request))


class UnsubscribeView(View):
    """The digest's link: one button, no login (a GET changes nothing: mail scanners open links)."""

    template_name = "follows/unsubscribe.html"

    def dispatch(self, request: HttpRequest, token: str) -> HttpResponse:
        self.user_id = unsubscribe_user_id(token)
        if self.user_id is None:
            return render(request, self.template_name, {"invalid": True}, status=400)
        return super().dispatch(request, token)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return render(request, self.template_name, {"done": False})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        services.follows_remove_all(user_id=self.user_id)
        return render(request, self.template_name, {"done": True})
