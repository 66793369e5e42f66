"""Root URLs: Oscar's storefront and dashboard, the shops, the language switcher."""

from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from marketplace import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("shops/", apps.get_app_config("partner").urls),
    path("orders/", apps.get_app_config("order").urls),
    path("payments/", include("payments.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
