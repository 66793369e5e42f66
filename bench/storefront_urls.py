"""URLs of the benchmark's servers: the site's own (or stock Oscar's), and a hello-world view."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world")


urlpatterns = [
    path("bench/hello", hello),
    path("", include(settings.BENCH_SITE_URLCONF)),
]
