"""Joining the marketplace: the public application form (placeholder, being written)."""

from django.views.generic import TemplateView


class ShopApplicationView(TemplateView):
    template_name = "oscar/layout.html"


class ShopApplicationDoneView(TemplateView):
    template_name = "oscar/layout.html"
