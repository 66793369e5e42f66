"""Storefront-wide views: the home page and the health check."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "oscar/layout.html"


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose healthchecks: the process is up and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
