"""Oscar's storefront views that answered 500 on a bad address or form, fixed where Oscar's customer app
is not forked: routed before Oscar's own URLs (marketplace/urls.py)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from oscar.apps.customer import views as customer_views
from oscar.apps.customer.wishlists import views as wishlist_views
from oscar.core.loading import get_model

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")


# Oscar's app config adds login_required to its own routes; these routes need it too.
@method_decorator(login_required, name="dispatch")
class WishListCreateView(wishlist_views.WishListCreateView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Oscar redirects to "wishlists-create" without its namespace when the product is unknown:
        # NoReverseMatch, a 500. Same message, the right address.
        if "product_pk" in kwargs and not Product.objects.filter(pk=kwargs["product_pk"]).exists():
            messages.error(request, _("The requested product no longer exists"))
            return redirect("customer:wishlists-create")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_required, name="dispatch")
class OrderLineView(customer_views.OrderLineView):
    """The address the order page's "buy again" button of one line posts to."""

    def get_object(self, queryset: Any = None) -> Any:
        # Oscar's `order.lines.get()` let an unknown line raise DoesNotExist: a 500, not a 404.
        order = get_object_or_404(Order, user=self.request.user, number=self.kwargs["order_number"])
        return get_object_or_404(order.lines, id=self.kwargs["line_id"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Oscar has no page for one line (its template does not exist: a 500); the order's page shows
        # it. An unknown action posted lands here too, with Oscar's "Invalid form submission".
        self.get_object()
        return redirect("customer:order", order_number=self.kwargs["order_number"])
