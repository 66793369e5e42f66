"""Oversight pages: the figures, tables and charts of a period, each table as a CSV file, and the
audit log of the town hall's actions (page and CSV file).

Access is decided in `apps.py`; the views read the period from the query string and hand the
templates everything they show (the selectors run a fixed number of queries).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView, TemplateView

from core.csv_files import csv_download, rows_to_csv
from core.periods import PeriodForm
from oversight import exports, selectors
from oversight.forms import AuditFilterForm

# The page shows the busiest shops; the CSV lists them all (a 250-row table is slow to render and read).
TOP_SHOPS = 50


class OversightView(TemplateView):
    template_name = "marketplace/oversight/index.html"

    def get_context_data(self, **kwargs) -> dict:
        form = PeriodForm(self.request.GET or None)
        period = form.period()
        days = selectors.daily(period)
        query = f"?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
        overview = selectors.overview(period)
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "period": period,
            **overview,
            "shops": overview["shops"][:TOP_SHOPS],
            "shops_count": len(overview["shops"]),
            "days": days,
            "chart": selectors.chart_series(days),
            "exports": {
                name.replace("-", "_"): reverse("dashboard:oversight-export", kwargs={"table": name}) + query
                for name in exports.TABLES
            },
        }


class ExportView(View):
    def get(self, request: HttpRequest, table: str) -> HttpResponse:
        if table not in exports.TABLES:
            raise Http404
        period = PeriodForm(request.GET or None).period()
        return csv_download(exports.to_csv(table, period), exports.filename(table, period))


class AuditLogView(ListView):
    """Who did what, when and why, newest first, filtered by shop and action, 50 a page."""

    template_name = "marketplace/oversight/audit.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.form = AuditFilterForm(self.request.GET or None)
        return selectors.audit_log(**self.form.filters())

    def get_context_data(self, **kwargs) -> dict:
        export = reverse("dashboard:oversight-audit-export")
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.form, export_url=f"{export}?{query.urlencode()}" if query else export, **kwargs
        )


class AuditExportView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = AuditFilterForm(request.GET or None)
        text = rows_to_csv(exports.AUDIT_LOG_COLUMNS, selectors.audit_log(**form.filters()))
        return csv_download(text, f"town-hall-log_{timezone.localdate():%Y-%m-%d}.csv")
