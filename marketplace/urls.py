"""Root URLs: Oscar's storefront and dashboard, the shops, the town hall pages, the language switcher."""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.static import serve

from catalogue import search_views
from core.oscar_views import OrderLineView, WishListCreateView
from marketplace import views
from markets import views as markets_views
from privacy import views as privacy_views
from townhall import views as townhall_views

FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"


# Uploaded pictures on the file system (the compose `media` volume) are served by the web processes
# themselves, in production too: `docker compose up` has no other server for them. Storage gives a
# new upload a new name while the old file exists, so browsers may keep a picture a week. With a
# remote MEDIA_STORAGE the files' URLs lead to it, and this serves nothing.
@transaction.non_atomic_requests
@cache_control(public=True, max_age=7 * 24 * 3600)
def media(request: HttpRequest, path: str) -> HttpResponse:
    if settings.STORAGES["default"]["BACKEND"] != FILE_SYSTEM_STORAGE:
        raise Http404
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:  # a name too long for the file system (ENAMETOOLONG), a NUL
        raise Http404 from error


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media"),
    path("today/", townhall_views.StatusBoardView.as_view(), name="status-board"),
    path("today.json", townhall_views.status_board_json, name="status-board-json"),
    path("markets/", markets_views.MarketListView.as_view(), name="markets"),
    path("workshops/", include("workshops.urls")),
    path("follows/", include("follows.urls")),
    path("surveys/", include("surveys.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("shops/", apps.get_app_config("partner").urls),
    path("orders/", apps.get_app_config("order").urls),
    path("payments/", apps.get_app_config("payments").urls),
    path("privacy/", include("privacy.urls")),
    # Before Oscar's: its own profile deletion kept the resident's name on their orders.
    path("accounts/profile/delete/", privacy_views.AccountDeleteView.as_view(), name="account-delete"),
    # Before Oscar's: its views answered an unknown product or line, or a bad action, with a 500.
    path("accounts/wishlists/create/with-product/<int:product_pk>/", WishListCreateView.as_view()),
    path("accounts/orders/<str:order_number>/<int:line_id>/", OrderLineView.as_view()),
    # The search box's suggestions (the search page itself is Oscar's, its view ours: textsearch.apps).
    path("search/suggestions.json", search_views.suggestions, name="search-suggestions"),
    path("", include(apps.get_app_config("oscar").urls[0])),
]

# Oscar's error pages, in the site's layout and language, instead of Django's bare English ones.
handler403 = "oscar.views.handler403"
handler404 = "oscar.views.handler404"
