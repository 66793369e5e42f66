"""Fork of Oscar's catalogue dashboard views: product lookup and stock alerts list only the user's own."""

from django.db.models import QuerySet
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.apps.dashboard.catalogue.views import *  # noqa: F403 (Oscar's fork pattern)
from oscar.apps.dashboard.catalogue.views import PartnerProductFilterMixin

from dashboard.selectors import stock_alerts_for_user


class ProductLookupView(PartnerProductFilterMixin, oscar_views.ProductLookupView):
    def get_queryset(self) -> QuerySet:
        # Oscar lists every browsable product, other shops' included.
        return self.filter_queryset(super().get_queryset())


class StockAlertListView(oscar_views.StockAlertListView):
    def get_queryset(self) -> QuerySet:
        # Oscar lists every shop's alerts. Its status filter still applies; ours comes first for its
        # select_related (`&` keeps the left side's), so a page costs the same for 1 or 20 alerts.
        return stock_alerts_for_user(self.request.user) & super().get_queryset()
