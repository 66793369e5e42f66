"""Gift voucher pages of the town hall: the report of a period, and the issuing form.

Access is decided in `apps.py`; the CSV files are the oversight exports' (oversight/exports.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.periods import PeriodForm
from townhall.gift_vouchers import selectors
from townhall.gift_vouchers.forms import IssueForm
from townhall.gift_vouchers.services import vouchers_issue


class ReportView(TemplateView):
    template_name = "marketplace/vouchers/report.html"

    def get_context_data(self, **kwargs) -> dict:
        form = PeriodForm(self.request.GET or None)
        period = form.period()
        query = f"?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "period": period,
            "summary": selectors.summary(period),
            "shops": selectors.shops_owed(period),
            "exports": {
                name.replace("-", "_"): reverse("dashboard:oversight-export", kwargs={"table": name}) + query
                for name in ("gift-vouchers", "gift-vouchers-shops")
            },
        }


class IssueView(FormView):
    template_name = "marketplace/dashboard/form.html"
    form_class = IssueForm

    def get_context_data(self, **kwargs) -> dict:
        return {
            **super().get_context_data(**kwargs),
            "page_title": _("Issue gift vouchers"),
            "back_url": reverse("dashboard:gift-voucher-report"),
        }

    def form_valid(self, form: IssueForm) -> HttpResponse:
        start, end = form.validity()
        data = form.cleaned_data
        vouchers = vouchers_issue(
            name=data["name"],
            amount=data["amount"],
            count=data["count"],
            start=start,
            end=end,
            category=data["category"],
            code=data["code"],
            actor=self.request.user,
        )
        if len(vouchers) == 1:
            messages.success(
                self.request, _("Voucher issued: its code is %(code)s.") % {"code": vouchers[0].code}
            )
            return redirect("dashboard:voucher-stats", pk=vouchers[0].pk)
        messages.success(
            self.request,
            _("%(count)d vouchers issued: download their codes below.") % {"count": len(vouchers)},
        )
        return redirect("dashboard:voucher-set-detail", pk=vouchers[0].voucher_set_id)
