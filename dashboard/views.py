"""Fork of Oscar's dashboard index: a merchant's figures count their shop's orders only, under a
first line that leads to today's orders."""

from django.utils import timezone
from oscar.apps.dashboard import views as oscar_views
from oscar.apps.dashboard.views import *  # noqa: F403 (Oscar's fork pattern)

from dashboard.selectors import merchant_index_stats, orders_for_user
from orders.selectors import board_counts
from shops.dashboard.selectors import merchant_shop
from shops.models import Partner


class IndexView(oscar_views.IndexView):
    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not user.is_staff and merchant_shop(user=user) is not None:
            context["board_counts"] = board_counts(user, day=timezone.localdate())
        elif user.is_staff and user.has_perm("partner.change_partner"):
            # The town hall's first line: what waits for it, then where it follows the town's commerce.
            waiting = Partner.objects.filter(approval=Partner.Approval.PENDING)
            context["applications_waiting"] = waiting.count()
        return context

    def get_stats(self) -> dict:
        user = self.request.user
        if user.is_staff:
            return super().get_stats()
        # Oscar counts a merchant's orders through their lines' partners; ours go by Order.shop.
        stats = merchant_index_stats(user=user)
        stats["hourly_report_dict"] = self.get_hourly_report(orders_for_user(user))
        return stats
