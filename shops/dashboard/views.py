"""Dashboard views about shops: the town hall's queue, the merchant's "My shop" and getting-started guide.

Access is decided in `apps.py` (`permissions_map`); these views only add that a merchant sees their
own shop, found from their account, never from the URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView
from oscar.core.loading import get_model

from shops import services
from shops.dashboard import selectors
from shops.dashboard.mixins import MerchantShopMixin
from shops.exceptions import ShopError
from shops.forms import (
    ACTION_FORMS,
    ClosureFormSet,
    OpeningHoursFormSet,
    ShopProfileForm,
    TodayForm,
    closures_initial,
    hours_initial,
)
from shops.models import Partner, ShopEvent
from shops.products import PRODUCT_CLASS
from shops.signals import shop_times_changed

ProductClass = get_model("catalogue", "ProductClass")
Approval = Partner.Approval
Action = ShopEvent.Action

ALL = "all"
TABS = [
    (Approval.PENDING, _("Waiting for a decision")),
    (Approval.APPROVED, _("Approved")),
    (Approval.SUSPENDED, _("Suspended")),
    (Approval.REJECTED, _("Rejected")),
    (ALL, _("All")),
]

# Each town hall action: its URL name, its button, what it runs, and what we say once it is done.
ACTIONS = {
    Action.APPROVED: (
        "dashboard:shop-application-approve",
        _("Approve"),
        services.shop_approve,
        _("%(name)s is approved and on the marketplace; an invitation to set a password was sent."),
    ),
    Action.REJECTED: (
        "dashboard:shop-application-reject",
        _("Reject"),
        services.shop_reject,
        _("The application of %(name)s is rejected; the applicant was told why."),
    ),
    Action.SUSPENDED: (
        "dashboard:shop-application-suspend",
        _("Suspend"),
        services.shop_suspend,
        _("%(name)s is suspended: it no longer shows on the marketplace. The merchant was told why."),
    ),
    Action.REINSTATED: (
        "dashboard:shop-application-reinstate",
        _("Reinstate"),
        services.shop_reinstate,
        _("%(name)s is reinstated."),
    ),
}


class ShopApplicationListView(ListView):
    """The town hall's queue: shops by approval state, those waiting for a decision first."""

    template_name = "shops/dashboard/application_list.html"
    context_object_name = "shops"
    paginate_by = 25

    def get_state(self) -> str:
        state = self.request.GET.get("approval", Approval.PENDING)
        return state if state in {tab for tab, _label in TABS} else Approval.PENDING

    def get_queryset(self) -> QuerySet[Partner]:
        state = self.get_state()
        return selectors.shop_applications(approval=None if state == ALL else state)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        counts = selectors.shop_approval_counts()
        current = self.get_state()
        context["tabs"] = [
            {"state": state, "label": label, "count": counts[state], "active": state == current}
            for state, label in TABS
        ]
        context["state"] = current
        return context


class ShopApplicationDetailView(DetailView):
    """One application: everything the shop told us, the audit log, and the decisions allowed now."""

    template_name = "shops/dashboard/application_detail.html"
    context_object_name = "shop"

    def get_queryset(self) -> QuerySet[Partner]:
        return selectors.shop_application(pk=self.kwargs["pk"])

    def get_context_data(self, *, bound_form: tuple[str, object] | None = None, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        shop = self.object
        actions = []
        for action in services.allowed_actions(shop.approval):
            url_name, verb, _service, _done = ACTIONS[action]
            form = ACTION_FORMS[action](prefix=action)
            if bound_form and bound_form[0] == action:
                form = bound_form[1]
            actions.append(
                {"action": action, "verb": verb, "form": form, "url": reverse(url_name, args=[shop.pk])}
            )
        context["actions"] = actions
        return context


class ShopApplicationActionView(ShopApplicationDetailView):
    """Approve, reject, suspend or reinstate a shop (one URL per action, see apps.py)."""

    http_method_names = ["post"]
    action: str = ""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.object = shop = self.get_object()
        form = ACTION_FORMS[self.action](request.POST, prefix=self.action)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(bound_form=(self.action, form)))
        _url_name, _verb, service, done = ACTIONS[self.action]
        try:
            service(shop=shop, actor=request.user, **form.cleaned_data)
        except ShopError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done % {"name": shop.name})
        return redirect("dashboard:shop-application-detail", pk=shop.pk)


def booked_orders_hit(shop: Partner) -> dict | None:
    """What the apps built on shops say a change of the shop's times hits (orders/stranded.py)."""
    answers = shop_times_changed.send(sender=Partner, shop=shop)
    return next((answer for _receiver, answer in answers if answer), None)


class ShopProfileView(MerchantShopMixin, TemplateView):
    """ "My shop": the merchant edits their profile, hours, closures and pickup settings in one go."""

    template_name = "shops/dashboard/shop_profile.html"

    def get_context_data(self, **forms) -> dict:
        """The page's forms: those given (bound, with what was typed), the others filled from the shop."""
        shop = self.shop
        if "today" not in forms:
            initial = {"closed": not shop.temporarily_closed, "message": shop.closed_message}
            forms["today"] = TodayForm(prefix="today", initial=initial)
        if "profile" not in forms:
            forms["profile"] = ShopProfileForm(instance=shop, prefix="profile")
        if "hours" not in forms:
            forms["hours"] = OpeningHoursFormSet(initial=hours_initial(shop), prefix="hours")
        if "closures" not in forms:
            initial = closures_initial(shop, timezone.localdate())
            forms["closures"] = ClosureFormSet(initial=initial, prefix="closures")
        return super().get_context_data(shop=shop, **forms)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        profile = ShopProfileForm(request.POST, request.FILES, instance=self.shop, prefix="profile")
        hours = OpeningHoursFormSet(request.POST, prefix="hours")
        closures = ClosureFormSet(request.POST, prefix="closures")
        if not all([profile.is_valid(), hours.is_valid(), closures.is_valid()]):
            messages.error(request, _("Nothing was saved yet: please correct what is marked below."))
            return self.render_to_response(
                self.get_context_data(profile=profile, hours=hours, closures=closures)
            )
        services.shop_profile_update(
            shop=profile.instance, hours=hours.hours_by_day(), closures=closures.periods()
        )
        if hit := booked_orders_hit(profile.instance):
            messages.warning(request, hit["message"])
            return redirect(hit["url"])
        messages.success(request, _("Your shop is saved."))
        return redirect("dashboard:shop-profile")


class ShopTodayView(ShopProfileView):
    """The quick switch at the top of "My shop": closed for now with a message, or open again."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        today = TodayForm(request.POST, prefix="today")
        if not today.is_valid():
            return self.render_to_response(self.get_context_data(today=today))
        closed = today.cleaned_data["closed"]
        services.shop_temporary_closure_set(
            shop=self.shop, closed=closed, message=today.cleaned_data["message"]
        )
        if closed and (hit := booked_orders_hit(self.shop)):
            messages.warning(request, hit["message"])
            return redirect(hit["url"])
        if closed:
            messages.success(request, _("Residents now see your shop as closed for now."))
        else:
            messages.success(request, _("Residents now see your shop as open."))
        return redirect("dashboard:shop-profile")


class GuideView(TemplateView):
    """Getting started: the three things a new merchant does, each ticked once this shop has done it."""

    template_name = "shops/dashboard/guide.html"

    def get_context_data(self, **kwargs) -> dict:
        shop = selectors.merchant_progress(user=self.request.user)
        if shop is None:
            raise Http404(_("You do not run a shop on the marketplace."))
        product_class = ProductClass.objects.filter(name=PRODUCT_CLASS).first()
        add_product = (
            reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})
            if product_class
            else reverse("dashboard:catalogue-product-create")
        )
        steps = [
            {
                "done": shop.has_products,
                "title": _("Add your products"),
                "text": _(
                    "Give each product a title, a price and how many you have in stock; a photo helps. "
                    "Many products? Import them from a spreadsheet."
                ),
                "links": [
                    (add_product, _("Add a product")),
                    (reverse("dashboard:catalogue-import"), _("Import from a spreadsheet")),
                ],
            },
            {
                "done": shop.has_hours,
                "title": _("Set your opening hours"),
                "text": _("Residents pick a pickup time within your hours, so they must be right."),
                "links": [(reverse("dashboard:shop-profile"), _("Set my hours"))],
            },
            {
                "done": shop.has_orders,
                "title": _("Handle an order"),
                "text": _(
                    "New orders show on your order board: accept them, mark them ready, and check the "
                    "resident's pickup code when they come."
                ),
                "links": [(reverse("dashboard:order-board"), _("Open the order board"))],
            },
        ]
        done = sum(step["done"] for step in steps)
        return super().get_context_data(shop=shop, steps=steps, done=done, total=len(steps), **kwargs)
