"""Joining the marketplace: the public "Sell on the marketplace" application form and its thanks page."""

from django.http import HttpResponse
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView

from shops.forms import ShopApplicationForm
from shops.services import shop_apply


class ShopApplicationView(FormView):
    """Anyone may apply; the shop stays pending, unseen by residents, until the town hall decides."""

    template_name = "shops/joining/apply.html"
    form_class = ShopApplicationForm
    success_url = reverse_lazy("shops:apply-done")

    def form_valid(self, form: ShopApplicationForm) -> HttpResponse:
        shop = shop_apply(shop=form.instance)
        # The thanks page names the address we will write to, without putting it in the URL.
        self.request.session["shop_application"] = {"name": shop.name, "email": shop.contact_email}
        return super().form_valid(form)


class ShopApplicationDoneView(TemplateView):
    template_name = "shops/joining/apply_done.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["application"] = self.request.session.get("shop_application")
        return context
