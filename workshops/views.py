"""Workshop pages: the storefront's list and online sign-up, and the dashboard's (town and merchants).

Who may open each dashboard page is in apps.py (`permissions_map`); the storefront list is public,
signing up needs an account (the confirmation and the reminder go to its email).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, ListView, TemplateView, UpdateView

from shops.dashboard.mixins import MerchantShopMixin
from workshops import selectors, services
from workshops.exceptions import SignUpRefused
from workshops.forms import PhoneSignUpForm, WorkshopForm
from workshops.models import Registration, Workshop


class WorkshopListView(TemplateView):
    """Storefront: the workshops for residents still to come."""

    template_name = "workshops/list.html"

    def get_context_data(self, **kwargs) -> dict:
        workshops = selectors.upcoming_workshops(
            now=timezone.now(), audience=Workshop.Audience.RESIDENTS, user=self.request.user
        )
        return super().get_context_data(workshops=workshops, **kwargs)


class SignUpView(LoginRequiredMixin, View):
    """Sign oneself up (residents on the storefront, merchants from their dashboard); POST only."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        workshop = get_object_or_404(Workshop, pk=pk, is_published=True)
        user = request.user
        try:
            services.workshop_sign_up(
                workshop=workshop, name=user.get_full_name() or user.email, email=user.email, user=user
            )
        except SignUpRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("You are signed up. A confirmation is on its way by email."))
        back = request.POST.get("next", "")
        return redirect(
            back
            if back in {reverse("workshops:list"), reverse("dashboard:workshop-mine")}
            else "workshops:list"
        )


# --- Dashboard: the town's digital corner


class WorkshopDashboardListView(ListView):
    template_name = "workshops/dashboard/list.html"
    context_object_name = "workshops"
    paginate_by = 25

    def get_queryset(self):
        return selectors.all_workshops()


class WorkshopCreateView(CreateView):
    model = Workshop
    form_class = WorkshopForm
    template_name = "workshops/dashboard/form.html"
    success_url = reverse_lazy("dashboard:workshop-list")
    extra_context = {"page_title": gettext_lazy("New workshop")}


class WorkshopUpdateView(UpdateView):
    model = Workshop
    form_class = WorkshopForm
    template_name = "workshops/dashboard/form.html"
    success_url = reverse_lazy("dashboard:workshop-list")
    extra_context = {"page_title": gettext_lazy("Edit the workshop")}


class WorkshopDetailView(TemplateView):
    """Who is signed up, sign-up by phone, and attendance."""

    template_name = "workshops/dashboard/detail.html"

    def get_context_data(self, **kwargs) -> dict:
        workshop = get_object_or_404(Workshop, pk=self.kwargs["pk"])
        return super().get_context_data(
            workshop=workshop,
            registrations=selectors.workshop_registrations(workshop=workshop),
            form=kwargs.pop("form", None) or PhoneSignUpForm(),
            **kwargs,
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Sign up someone who called (the only form of this page)."""
        workshop = get_object_or_404(Workshop, pk=pk)
        form = PhoneSignUpForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.workshop_sign_up(workshop=workshop, registered_by=request.user, **form.cleaned_data)
        except SignUpRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Signed up."))
        return redirect("dashboard:workshop-detail", pk=workshop.pk)


class AttendanceView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = get_object_or_404(Registration, pk=pk)
        services.registration_attendance_set(
            registration=registration, attended=request.POST.get("attended") == "yes"
        )
        return redirect("dashboard:workshop-detail", pk=registration.workshop_id)


class MerchantWorkshopsView(MerchantShopMixin, TemplateView):
    """Merchants (of a shop: the town hall holds the permission too): the workshops for them, to sign up."""

    template_name = "workshops/dashboard/mine.html"

    def get_context_data(self, **kwargs) -> dict:
        workshops = selectors.upcoming_workshops(
            now=timezone.now(), audience=Workshop.Audience.MERCHANTS, user=self.request.user
        )
        return super().get_context_data(workshops=workshops, **kwargs)
