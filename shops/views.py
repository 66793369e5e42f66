"""Storefront views of shops: the directory residents browse and each shop's own page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from shops import selectors
from shops.counter_offers import counter_offer_cards
from shops.dashboard.selectors import merchant_shop
from shops.display import describe_status, week_schedule
from shops.models import Partner, ShopCategory
from shops.product_details import ALLERGENS, LABELS

SHOPS_PER_PAGE = 12


class ShopDirectoryForm(forms.Form):
    """The directory's filters, read from the query string; anything invalid is simply ignored."""

    MODE_CHOICES = [
        ("", _("Any way of buying")),
        ("click_collect", _("Click & collect")),
        ("delivery", _("Local delivery")),
        ("call_collect", _("Call & collect")),
        ("in_store", _("In store only")),
    ]

    q = forms.CharField(label=_("Search shops"), required=False, max_length=100)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=ShopCategory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
    )
    mode = forms.ChoiceField(label=_("How to buy"), choices=MODE_CHOICES, required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def filters(self) -> selectors.DirectoryFilters:
        self.is_valid()  # an unknown category or mode drops that filter alone; the others still apply
        data = self.cleaned_data
        category = data.get("category")
        return selectors.DirectoryFilters(
            category=category.slug if category else "",
            mode=data.get("mode", ""),
            open_now=data.get("open_now", False),
            query=data.get("q", ""),
        )


class ShopDirectoryView(TemplateView):
    template_name = "shops/directory.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        form = ShopDirectoryForm(self.request.GET or None)
        filters = form.filters() if form.is_bound else selectors.DirectoryFilters()
        page = selectors.shop_directory(
            filters=filters, at=timezone.now(), page=self.request.GET.get("page"), per_page=SHOPS_PER_PAGE
        )
        query_without_page = self.request.GET.copy()
        query_without_page.pop("page", None)
        context.update(
            form=form,
            filters=filters,
            page_obj=page,
            listings=page.object_list,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            query_without_page=query_without_page.urlencode(),
        )
        return context


class ShopDetailView(TemplateView):
    template_name = "shops/detail.html"

    def get(self, request: HttpRequest, *args, **kwargs):
        try:
            self.shop = selectors.storefront_shop(kwargs["slug"])
        except Partner.DoesNotExist as missing:
            raise Http404(_("No shop found with this address.")) from missing
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        today = timezone.localdate(now)
        week = self.shop.weekly_hours()  # hours and closures not yet over, read once
        status = self.shop.status_at(now, week=week)
        without = self.request.GET.getlist("without")
        labels = self.request.GET.getlist("label")
        listed = selectors.products_food_filter(
            selectors.shop_products(self.shop), without=without, labels=labels
        )
        products = Paginator(listed, settings.OSCAR_PRODUCTS_PER_PAGE)
        context.update(
            shop=self.shop,
            status=status,
            status_text=describe_status(status, now, selectors.town_zone()),
            schedule=week_schedule(week, today),
            closures=sorted(week.closures, key=lambda closure: closure.start),
            page_obj=products.get_page(self.request.GET.get("page")),
            hide_sold_by=True,  # the product cards are all this shop's
            allergen_choices=[(code, name, code in without) for code, name in ALLERGENS],
            label_choices=[(code, name, code in labels) for code, name in LABELS],
            food_filtered=bool(without or labels),
            counter_offers=counter_offer_cards(now=now, shop=self.shop),
        )
        context["products"] = context["page_obj"].object_list
        context["paginator"] = products
        return context


def after_login(request: HttpRequest) -> HttpResponse:
    """Where a login without a `next` lands (LOGIN_REDIRECT_URL): merchants and staff on their dashboard.

    A merchant logs in to handle orders, so the storefront's home would be one tap too far; a
    pickup point's staff goes to its waiting orders; residents to the home page.
    """
    user = request.user
    if user.is_authenticated:
        if merchant_shop(user=user) is not None or user.is_staff:
            return redirect("dashboard:index")
        if user.has_perm("partner.pickup_point_access"):
            return redirect("dashboard:pickup-point-waiting")
    return redirect("home")
