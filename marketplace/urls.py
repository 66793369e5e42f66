"""Root URLs: Oscar's storefront and dashboard, the shops, the town hall pages, the language switcher."""

from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from marketplace import views
from marketplace.townhall import views as townhall_views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("today/", townhall_views.StatusBoardView.as_view(), name="status-board"),
    path("today.json", townhall_views.status_board_json, name="status-board-json"),
    path("markets/", townhall_views.MarketListView.as_view(), name="markets"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("shops/", apps.get_app_config("partner").urls),
    path("orders/", apps.get_app_config("order").urls),
    path("payments/", apps.get_app_config("payments").urls),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Oscar's error pages, in the site's layout and language, instead of Django's bare English ones.
handler403 = "oscar.views.handler403"
handler404 = "oscar.views.handler404"
