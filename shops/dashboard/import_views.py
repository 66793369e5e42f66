"""Dashboard pages of the catalogue import: upload a spreadsheet, preview it, confirm, download the template.

Merchants only (`apps.py`); each page works on the merchant's own shop, found from their account.
Between the preview and the confirmation the checked rows wait in the merchant's session (bounded by
the file size limit), tagged with the shop they were checked for; the file itself is not kept.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from shops import catalogue_import
from shops.dashboard.mixins import MerchantShopMixin

SESSION_KEY = "catalogue_import"
TEMPLATES = {
    "csv": ("text/csv; charset=utf-8", catalogue_import.template_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        catalogue_import.template_xlsx,
    ),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your spreadsheet"),
        help_text=_("CSV or Excel (.xlsx), at most 2 MB and 1,000 products."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class CatalogueImportView(MerchantShopMixin, TemplateView):
    """Upload a file; the answer is its preview: every row, every problem, and a confirm button."""

    template_name = "shops/dashboard/import.html"

    def get_context_data(self, **kwargs) -> dict:
        kwargs.setdefault("form", UploadForm())
        return super().get_context_data(shop=self.shop, **kwargs)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.session.pop(SESSION_KEY, None)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        # One byte past the limit is enough to refuse a big file without loading it into memory.
        content = upload.read(catalogue_import.MAX_BYTES + 1)
        try:
            table = catalogue_import.read_table(content=content, filename=upload.name)
        except catalogue_import.ImportFileError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form))

        taken = catalogue_import.shop_skus(shop=self.shop)
        _rows, errors = catalogue_import.rows_check(table=table, taken_skus=taken)
        if not errors:
            request.session[SESSION_KEY] = {"shop": self.shop.pk, "filename": upload.name, "table": table}
        return self.render_to_response(
            self.get_context_data(
                form=UploadForm(),
                filename=upload.name,
                preview=preview_rows(table=table, errors=errors),
                errors=errors,
                count=len(table),
            )
        )


def preview_rows(*, table: list[tuple[int, dict[str, str]]], errors: list) -> list[dict]:
    """What the preview table shows: each row's cells as typed, and its problems beside it."""
    by_row: dict[int, list[str]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(str(error))
    return [
        {"number": number, "cells": [cells.get(column, "") for column in catalogue_import.COLUMNS],
         "errors": by_row.get(number, [])}
        for number, cells in table
    ]  # fmt: skip


class CatalogueImportConfirmView(MerchantShopMixin, View):
    """Import the previewed rows into the merchant's shop, all in one transaction or none."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        pending = request.session.get(SESSION_KEY)
        if not pending or pending.get("shop") != self.shop.pk:
            messages.error(request, _("There is no file waiting to be imported: please upload it again."))
            return redirect("dashboard:catalogue-import")
        table = [(number, cells) for number, cells in pending["table"]]
        try:
            created, errors = catalogue_import.catalogue_import(shop=self.shop, table=table)
            failed = bool(errors)
        except IntegrityError:
            # Another import of this shop took the same codes meanwhile; nothing of this one was kept.
            failed = True
        del request.session[SESSION_KEY]
        if failed:
            messages.error(
                request,
                _("Nothing was imported: your products changed since the preview. Please upload it again."),
            )
            return redirect("dashboard:catalogue-import")
        messages.success(request, _("%(count)s products were added to your shop.") % {"count": created})
        return redirect("dashboard:catalogue-product-list")


class CatalogueTemplateView(View):
    """The spreadsheet template, made on the fly: column names and one example row."""

    def get(self, request: HttpRequest, *args, format: str, **kwargs) -> HttpResponse:
        if format not in TEMPLATES:
            raise Http404
        content_type, build = TEMPLATES[format]
        response = HttpResponse(build(), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="produits.{format}"'
        return response
