"""Fork of Oscar's catalogue dashboard views: the product lookup lists only what the user may edit."""

from django.db.models import QuerySet
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.apps.dashboard.catalogue.views import *  # noqa: F403 (Oscar's fork pattern)
from oscar.apps.dashboard.catalogue.views import PartnerProductFilterMixin


class ProductLookupView(PartnerProductFilterMixin, oscar_views.ProductLookupView):
    def get_queryset(self) -> QuerySet:
        # Oscar lists every browsable product, other shops' included.
        return self.filter_queryset(super().get_queryset())
