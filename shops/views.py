"""Storefront views of shops (placeholder, being written)."""

from django.views.generic import TemplateView


class ShopDirectoryView(TemplateView):
    template_name = "oscar/layout.html"


class ShopDetailView(TemplateView):
    template_name = "oscar/layout.html"
