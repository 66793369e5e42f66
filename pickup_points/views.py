"""The pickup point's staff pages: the checkouts waiting at their point, and handing one over."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from orders import services
from orders.exceptions import InvalidTransition, TooManyAttempts, WrongPickupCode
from pickup_points import selectors
from pickup_points.forms import HandOverForm


class WaitingView(TemplateView):
    """Each checkout waiting at the staff's points: which shops have dropped, and the hand-over."""

    template_name = "pickup_points/waiting.html"

    def get_context_data(self, failed: tuple[str, HandOverForm] | None = None, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        waiting = selectors.waiting_checkouts(self.request.user)
        # The form that failed keeps what was typed; the others start empty.
        failed_reference, failed_form = failed or ("", None)
        rows = [
            (entry, failed_form if entry.checkout.reference == failed_reference else HandOverForm())
            for entry in waiting
        ]
        context.update(rows=rows, works_at_a_point=selectors.works_at_a_point(self.request.user))
        return context


class HandOverView(View):
    """POST only: check the resident's code and hand every order of the checkout over."""

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        checkout, point = selectors.point_checkout(request.user, reference)
        form = HandOverForm(request.POST)
        error = ""
        if not form.is_valid():
            error = _("Type the code the resident shows you.")
        else:
            try:
                services.checkout_collect_at_point(
                    checkout=checkout,
                    point=point,
                    typed_code=form.cleaned_data["code"],
                    checker_key=f"user:{request.user.pk}",
                )
            except (InvalidTransition, WrongPickupCode, TooManyAttempts) as refused:
                error = str(refused)
        if error:
            messages.error(request, error)
            page = WaitingView()
            page.setup(request)
            return page.render_to_response(page.get_context_data(failed=(reference, form)))
        messages.success(
            request, _("Code correct: everything for %(reference)s handed over.") % {"reference": reference}
        )
        return redirect("dashboard:pickup-point-waiting")
