"""The merchant's product pages: the list with one-tap price and stock, quick add and edit, duplicate, hide.

Merchants only (`apps.py`); every page works on the merchant's own shop (MerchantShopMixin) and
every product is looked up among that shop's (`shops.products.shop_product`), so another shop's
product number answers 404. All of it works without script: each box is a plain form.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from shops import photos, products
from shops.dashboard.mixins import MerchantShopMixin
from shops.dashboard.product_forms import PriceInlineForm, ProductQuickForm, StockInlineForm
from shops.models import Partner, ProductDetails
from shops.product_details import codes_unpack

Product = get_model("catalogue", "Product")


def product_row(product: Product, *, today: object, bound: dict | None = None) -> dict:
    """What the list shows of one product, with its two inline forms (bound ones keep what was typed)."""
    record = product.stockrecords.all()[0]
    details = getattr(product, "details", None)
    bound = bound or {}
    images = product.images.all()
    return {
        "product": product,
        "record": record,
        "image": images[0] if images else None,
        "always_available": not product.product_class.track_stock,
        "hidden_today": details is not None and details.hidden_on == today,
        "unit": details.get_unit_display() if details else ProductDetails.Unit.PIECE.label,
        "price_form": bound.get("price")
        or PriceInlineForm(initial={"price": price_text(record.price)}, prefix=f"p{product.pk}"),
        "stock_form": bound.get("stock")
        or StockInlineForm(initial={"stock": record.num_in_stock}, prefix=f"s{product.pk}"),
    }


def price_text(price: object) -> str:
    """A price as a French merchant types it back: 1,20."""
    return f"{price:.2f}".replace(".", ",")


class ProductListView(MerchantShopMixin, TemplateView):
    """The merchant's products, newest first, each with its price and stock boxes and its buttons."""

    template_name = "shops/dashboard/product_list.html"

    def get_context_data(self, *, bound: dict | None = None, **kwargs) -> dict:
        today = timezone.localdate()
        rows = [
            product_row(product, today=today, bound=(bound or {}).get(product.pk))
            for product in products.shop_products(shop=self.shop)
        ]
        return super().get_context_data(shop=self.shop, rows=rows, **kwargs)


class ProductInlineUpdateView(MerchantShopMixin, View):
    """POST one box of the list: the price or the stock of one product. A wrong value keeps the list."""

    http_method_names = ["post"]
    field: str = "price"

    def post(self, request: HttpRequest, *args, pk: int, **kwargs) -> HttpResponse:
        try:
            products.shop_product(shop=self.shop, pk=pk)
        except Product.DoesNotExist as error:
            raise Http404 from error
        form_class, prefix = (PriceInlineForm, "p") if self.field == "price" else (StockInlineForm, "s")
        form = form_class(request.POST, prefix=f"{prefix}{pk}")
        if not form.is_valid():
            view = ProductListView(request=request, shop=self.shop, kwargs={})
            context = view.get_context_data(bound={pk: {self.field: form}})
            return view.render_to_response(context, status=400)
        products.product_price_stock_update(
            shop=self.shop, product_pk=pk, **{self.field: form.cleaned_data[self.field]}
        )
        messages.success(request, _("Saved."))
        return redirect(f"{reverse('dashboard:merchant-product-list')}#product-{pk}")


class ProductDuplicateView(MerchantShopMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, pk: int, **kwargs) -> HttpResponse:
        try:
            copy = products.product_duplicate(shop=self.shop, product_pk=pk)
        except Product.DoesNotExist as error:
            raise Http404 from error
        messages.success(request, _("A copy was made, hidden from residents until you save it."))
        return redirect("dashboard:merchant-product-edit", pk=copy.pk)


class ProductHideTodayView(MerchantShopMixin, View):
    """Hide a product until tomorrow morning (POST hidden=1), or show it again (hidden=0)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, pk: int, **kwargs) -> HttpResponse:
        hidden = request.POST.get("hidden") != "0"
        try:
            products.product_hide_today(shop=self.shop, product_pk=pk, hidden=hidden)
        except Product.DoesNotExist as error:
            raise Http404 from error
        messages.success(
            request,
            _("Hidden from residents until tomorrow morning.") if hidden else _("Shown to residents again."),
        )
        return redirect(f"{reverse('dashboard:merchant-product-list')}#product-{pk}")


class ProductFormView(MerchantShopMixin, TemplateView):
    """Quick add (no pk) or edit (pk) of a product. A form error keeps what was typed and the photo."""

    template_name = "shops/dashboard/product_form.html"

    def get_product(self) -> Product | None:
        if "pk" not in self.kwargs:
            return None
        try:
            return products.shop_product(shop=self.shop, pk=self.kwargs["pk"])
        except Product.DoesNotExist as error:
            raise Http404 from error

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        product = self.get_product()
        initial = product_initial(product) if product else new_product_initial(self.shop)
        form = ProductQuickForm(shop=self.shop, session=request.session, initial=initial)
        return self.render_to_response(self.get_context_data(form=form, product=product))

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        product = self.get_product()
        form = ProductQuickForm(request.POST, request.FILES, shop=self.shop, session=request.session)
        valid = form.is_valid()
        token = form.cleaned_data.get("photo_token", "") if hasattr(form, "cleaned_data") else ""
        if not valid:
            if form.prepared_photo is not None:
                # The new photo was fine: kept server-side, offered again, not asked again.
                token = photos.pending_save(session=request.session, photo=form.prepared_photo)
            data = form.data.copy()
            data["photo_token"] = token
            form.data = data
            pending = photos.pending_url(token) if token else ""
            return self.render_to_response(
                self.get_context_data(form=form, product=product, pending_photo=pending), status=400
            )
        photo = form.prepared_photo
        if photo is None and token:
            photo = photos.pending_take(session=request.session, token=token)
        if product is None:
            product = products.product_quick_create(shop=self.shop, data=form.product_input(), photo=photo)
            messages.success(request, _("“%(title)s” is on the marketplace.") % {"title": product.title})
        else:
            products.product_update(
                shop=self.shop, product_pk=product.pk, data=form.product_input(), photo=photo
            )
            if not product.is_public:
                Product.objects.filter(pk=product.pk).update(is_public=True)  # a reviewed copy goes live
            messages.success(request, _("“%(title)s” is saved.") % {"title": form.cleaned_data["title"]})
        if "add_another" in request.POST:
            return redirect("dashboard:merchant-product-add")
        return redirect("dashboard:merchant-product-list")


def new_product_initial(shop: Partner) -> dict:
    """Quick add starts in the category of the shop's latest product (nothing chosen for a first one)."""
    category = products.last_used_category(shop=shop)
    return {"category": category.pk} if category else {}


def product_initial(product: Product) -> dict:
    """The edit form's values from a product."""
    record = product.stockrecords.all()[0]
    details = getattr(product, "details", None) or ProductDetails(product=product)
    category = product.categories.first()
    return {
        "title": product.title,
        "price": price_text(record.price),
        "stock": record.num_in_stock,
        "always_available": not product.product_class.track_stock,
        "unit": details.unit,
        "piece_grams": details.piece_grams,
        "category": category.pk if category else None,
        "description": product.description,
        "allergens": codes_unpack(details.allergens),
        "labels": codes_unpack(details.labels),
        "weekdays": [int(day) for day in details.weekdays] if len(details.weekdays) < 7 else [],
        "preparation_hours": details.preparation_hours,
        "daily_cap": details.daily_cap,
        "preorder_from": details.preorder_from,
        "preorder_until": details.preorder_until,
    }
