"""A product's stock alert for its visitor: a hole of the product page (core/holes.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from oscar.core.loading import get_class, get_model

from core.holes import hole, hole_form_token, hole_user


@hole("stock_alert")
def stock_alert(request: HttpRequest | None, product: int) -> str:
    """ "You have an active stock alert", or the form to ask for one (Oscar's, as its product view
    builds them: an email field for a visitor not logged in)."""
    user = hole_user(request)
    alert_model = get_model("customer", "ProductAlert")
    has_active_alert = user.is_authenticated and (
        alert_model.objects.filter(product_id=product, user=user, status=alert_model.ACTIVE).exists()
    )
    alert_form = get_class("customer.forms", "ProductAlertForm")(user=user, product=None)
    context = {
        "product": product,
        "has_active_alert": has_active_alert,
        "alert_form": alert_form,
        "csrf_token": hole_form_token(request),
    }
    return render_to_string("oscar/catalogue/holes/stock_alert.html", context)
