"""Dashboard views about shops (placeholder, being written)."""

from django.views.generic import TemplateView


class ShopProfileView(TemplateView):
    template_name = "oscar/dashboard/index.html"


class ShopApplicationListView(TemplateView):
    template_name = "oscar/dashboard/index.html"


class ShopApplicationDetailView(TemplateView):
    template_name = "oscar/dashboard/index.html"
