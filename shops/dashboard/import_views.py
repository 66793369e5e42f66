"""Dashboard pages of the catalogue import: upload a spreadsheet, preview it, confirm, download the template.

Merchants only (`apps.py`); each page works on the merchant's own shop, found from their account.
Between the preview and the confirmation the rows wait in the merchant's session (bounded by the
file size limit), tagged with the shop they were checked for, and the zip of photos in the storage
under a random name only that session knows; confirming plans the rows again against the shop.
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from shops.catalogue_import import catalogue_import, shop_plan
from shops.dashboard.mixins import MerchantShopMixin
from shops.import_photos import ZIP_MAX_BYTES, zip_photo_names
from shops.import_planning import plan_counts
from shops.import_sheet import MAX_BYTES, ImportFileError, read_table, template_csv, template_xlsx

SESSION_KEY = "catalogue_import"
ZIP_DIR = "imports/pending"
TEMPLATES = {
    "csv": ("text/csv; charset=utf-8", template_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        template_xlsx,
    ),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your spreadsheet"),
        help_text=_("CSV or Excel (.xlsx), at most 2 MB and 1,000 products."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    photos = forms.FileField(
        label=_("Your photos, in a zip (optional)"),
        required=False,
        help_text=_(
            "Name each photo's file in the sheet's “photo” column, e.g. baguette.jpg. At most 100 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


def zip_pending_save(content: bytes) -> str:
    """Keep the zip of photos between the preview and the confirmation; returns its storage name."""
    return default_storage.save(f"{ZIP_DIR}/{secrets.token_hex(16)}.zip", ContentFile(content))


class CatalogueImportView(MerchantShopMixin, TemplateView):
    """Upload a file; the answer is its preview: what each row creates, changes or why it is refused."""

    template_name = "shops/dashboard/import.html"

    def get_context_data(self, **kwargs) -> dict:
        kwargs.setdefault("form", UploadForm())
        return super().get_context_data(shop=self.shop, **kwargs)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        pending_discard(request.session)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        # One byte past the limit is enough to refuse a big file without loading it into memory.
        content = upload.read(MAX_BYTES + 1)
        zip_upload = form.cleaned_data.get("photos")
        zip_content = zip_upload.read(ZIP_MAX_BYTES + 1) if zip_upload else None
        try:
            table = read_table(content=content, filename=upload.name)
            if zip_content is not None and len(zip_content) > ZIP_MAX_BYTES:
                raise ImportFileError(_("The zip of photos is too big: at most 100 MB."))
            zip_names = zip_photo_names(zip_content) if zip_content else set()
        except ImportFileError as error:
            form.add_error("photos" if zip_content and "zip" in error.message else "file", error.message)
            return self.render_to_response(self.get_context_data(form=form))

        plans = shop_plan(shop=self.shop, table=table, zip_names=zip_names)
        counts = plan_counts(plans)
        if counts["create"] or counts["update"]:
            request.session[SESSION_KEY] = {
                "shop": self.shop.pk,
                "filename": upload.name,
                "table": table,
                "zip": zip_pending_save(zip_content) if zip_content else "",
            }
        return self.render_to_response(
            self.get_context_data(form=UploadForm(), filename=upload.name, plans=plans, counts=counts)
        )


def pending_discard(session: dict) -> None:
    pending = session.pop(SESSION_KEY, None)
    if pending and pending.get("zip"):
        default_storage.delete(pending["zip"])


class CatalogueImportConfirmView(MerchantShopMixin, View):
    """Apply the previewed sheet to the merchant's shop, all in one transaction or none."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        pending = request.session.get(SESSION_KEY)
        if not pending or pending.get("shop") != self.shop.pk:
            messages.error(request, _("There is no file waiting to be imported: please upload it again."))
            return redirect("dashboard:catalogue-import")
        table = [(number, cells) for number, cells in pending["table"]]
        zip_content = None
        if pending.get("zip") and default_storage.exists(pending["zip"]):
            with default_storage.open(pending["zip"], "rb") as file:
                zip_content = file.read()
        try:
            result = catalogue_import(shop=self.shop, table=table, zip_content=zip_content)
        except IntegrityError:
            # Another import of this shop took the same references meanwhile; nothing of this one was kept.
            pending_discard(request.session)
            messages.error(
                request,
                _("Nothing was imported: your products changed since the preview. Please upload it again."),
            )
            return redirect("dashboard:catalogue-import")
        pending_discard(request.session)
        messages.success(
            request,
            _("%(created)s products added and %(updated)s updated in your shop.")
            % {"created": result.created, "updated": result.updated},
        )
        if result.photos_failed:
            messages.warning(
                request,
                _("The photos of rows %(rows)s could not be used: add them from the product list.")
                % {"rows": ", ".join(str(row) for row in result.photos_failed)},
            )
        return redirect("dashboard:merchant-product-list")


class CatalogueTemplateView(View):
    """The spreadsheet template, made on the fly: column names and one example row."""

    def get(self, request: HttpRequest, *args, format: str, **kwargs) -> HttpResponse:
        if format not in TEMPLATES:
            raise Http404
        content_type, build = TEMPLATES[format]
        response = HttpResponse(build(), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="produits.{format}"'
        return response
