"""The digital corner's pages for people not online: their records, the relatives they allow, orders
placed for them (the shared views of checkout.behalf_views) and each shop's weekly order form (PDF)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from checkout.behalf_forms import OfflineResidentForm, RelativeForm
from checkout.behalf_views import (
    BehalfOrderBase,
    BehalfPeopleBase,
    BehalfPersonBase,
    BehalfSummaryBase,
    PersonMixin,
    shops_to_order_from,
)
from checkout.models import OfflineResident, Relative
from checkout.order_form_pdf import order_form_pdf, order_form_rows


class CornerAccess:
    """A town agent (the digital corner, checked by the URL's permissions): every person."""

    namespace = "dashboard"
    base_template = "checkout/behalf/dashboard_base.html"
    by_corner = True

    def people(self) -> QuerySet[OfflineResident]:
        return OfflineResident.objects.all()


class CornerPeopleView(CornerAccess, BehalfPeopleBase):
    pass


class CornerPersonView(CornerAccess, BehalfPersonBase):
    """The person's record, orders and relatives; posting records a relative the person agreed to."""

    def get(self, request: HttpRequest, person_pk: int) -> HttpResponse:
        form = RelativeForm(resident=self.person)
        return render(request, self.template_name, self.person_context(relative_form=form))

    def post(self, request: HttpRequest, person_pk: int) -> HttpResponse:
        form = RelativeForm(request.POST, resident=self.person)
        if not form.is_valid():
            return render(request, self.template_name, self.person_context(relative_form=form), status=400)
        Relative.objects.create(
            resident=self.person,
            user=form.cleaned_data["email"],
            consent=form.cleaned_data["consent"],
            recorded_by=request.user,
        )
        messages.success(
            request, _("This relative may now order for %(name)s.") % {"name": self.person.full_name}
        )
        return redirect("dashboard:behalf-person", person_pk=self.person.pk)


class CornerPersonFormView(CornerAccess, View):
    """Add a person not online, or correct their record (`person_pk` given)."""

    template_name = "checkout/behalf/person_form.html"

    def instance(self, person_pk: int | None) -> OfflineResident | None:
        return get_object_or_404(self.people(), pk=person_pk) if person_pk else None

    def get(self, request: HttpRequest, person_pk: int | None = None) -> HttpResponse:
        person = self.instance(person_pk)
        return self.show(request, OfflineResidentForm(instance=person), person)

    def post(self, request: HttpRequest, person_pk: int | None = None) -> HttpResponse:
        person = self.instance(person_pk)
        form = OfflineResidentForm(request.POST, instance=person)
        if not form.is_valid():
            return self.show(request, form, person)
        saved = form.save(commit=False)
        if person is None:
            saved.created_by = request.user
        saved.save()
        messages.success(request, _("%(name)s's record is saved.") % {"name": saved.full_name})
        return redirect("dashboard:behalf-person", person_pk=saved.pk)

    def show(
        self, request: HttpRequest, form: OfflineResidentForm, person: OfflineResident | None
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "person": person,
                "ns": self.namespace,
                "base_template": self.base_template,
                "page_title": _("Correct %(name)s's record") % {"name": person.full_name}
                if person
                else _("Add a person not online"),
            },
        )


class CornerRelativeRemoveView(CornerAccess, PersonMixin, View):
    """The person withdrew their consent: the relative may no longer order for them."""

    def post(self, request: HttpRequest, person_pk: int, relative_pk: int) -> HttpResponse:
        link = get_object_or_404(Relative, pk=relative_pk, resident=self.person)
        link.delete()
        messages.success(
            request,
            _("%(user)s may no longer order for %(name)s.")
            % {"user": link.user.email, "name": self.person.full_name},
        )
        return redirect("dashboard:behalf-person", person_pk=self.person.pk)


class CornerOrderView(CornerAccess, BehalfOrderBase):
    pass


class CornerSummaryView(CornerAccess, BehalfSummaryBase):
    pass


class CornerOrderFormPdfView(View):
    """A shop's weekly order form as a PDF, to print and hand out at the corner."""

    def get(self, request: HttpRequest, shop_pk: int) -> HttpResponse:
        shop = get_object_or_404(shops_to_order_from(), pk=shop_pk)
        corner = _(
            "Bring this form back to the digital corner at the town hall, or read it to us on the phone: "
            "we place the order for you. %(town)s · %(email)s"
        ) % {"town": settings.TOWN_NAME, "email": settings.TOWN_CONTACT_EMAIL}
        pdf = order_form_pdf(order_form_rows(shop=shop, now=timezone.now(), corner=corner))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="bon-de-commande-{shop.slug}.pdf"'
        return response
