"""A resident's own data: download it as JSON, or delete the account (orders kept, anonymised)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from privacy.forms import AccountDeleteForm
from privacy.services import AccountNotDeletable, resident_data_export, resident_delete

REFUSALS = {
    "staff": lambda: _("This account runs a shop or the town hall's work: ask the town hall to close it."),
    "open orders": lambda: _(
        "You have orders under way: the shops still need to reach you. Delete your account once they are "
        "collected, delivered or cancelled."
    ),
}


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = resident_data_export(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    filename = f"mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@method_decorator(login_required, name="dispatch")
class AccountDeleteView(View):
    """Asks for the password, then erases the account (Oscar's own deletion kept names on the orders)."""

    template_name = "privacy/account_delete.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": AccountDeleteForm(user=request.user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = AccountDeleteForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                resident_delete(user=request.user)
            except AccountNotDeletable as refusal:
                form.add_error(None, REFUSALS[str(refusal)]())
            else:
                logout(request)
                messages.success(
                    request, _("Your account is deleted. Your past orders are kept without your name.")
                )
                return redirect("home")
        return render(request, self.template_name, {"form": form})
