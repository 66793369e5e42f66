"""Basket views: Oscar's, with adding to the basket answered in JSON to the page's script.

Oscar finds this module through `get_class("basket.views", …)` (the basket app is forked as
orders.basket); classes not defined here are Oscar's own. A plain form post still gets Oscar's
redirect and message, so adding works without JavaScript; `static/orders/js/basket-add.js` asks for
JSON (`Accept: application/json`) and shows the answer where the button is, without a page load.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.apps.basket import views as oscar_views

from orders.basket.models import lines_item_count


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class BasketAddView(oscar_views.BasketAddView):
    def form_valid(self, form) -> HttpResponse:
        if not wants_json(self.request):
            return super().form_valid(form)
        quantity = form.cleaned_data["quantity"]
        self.line, self.line_created = self.request.basket.add_product(
            form.product, quantity, form.cleaned_options()
        )
        self.add_signal.send(sender=self, product=form.product, user=self.request.user, request=self.request)
        # Counted in one query: num_items would read the lines again with all they carry (six queries).
        count = lines_item_count(self.request.basket.lines.all())
        return JsonResponse(
            {
                "ok": True,
                "count": count,
                # Said to screen readers and shown in place: what was added and what the basket holds.
                "message": _("%(title)s added to your basket.") % {"title": form.product.get_title()}
                + " "
                + ngettext("Your basket holds %(count)d item.", "Your basket holds %(count)d items.", count)
                % {"count": count},
                "count_label": ngettext("item", "items", count),
                "basket_url": reverse("basket:summary"),
                "basket_link": _("See my basket"),
            }
        )

    def form_invalid(self, form) -> HttpResponse:
        if not wants_json(self.request):
            return super().form_invalid(form)
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        message = errors or _("This item could not be added.")
        return JsonResponse({"ok": False, "message": message}, status=400)


class BasketView(oscar_views.BasketView):
    def get_context_data(self, **kwargs) -> dict:
        """The formset's context and the voucher form: what the basket page shows.

        Oscar's adds a shipping estimate, surcharges, an order total, upsell messages and the saved
        basket; this page shows none of them (delivery is per shop, said in each shop's section:
        orders.basket.sections) and they were a third of its time (issue #12's profile).
        """
        context = super(oscar_views.BasketView, self).get_context_data(**kwargs)
        context["voucher_form"] = self.get_basket_voucher_form()
        return context
