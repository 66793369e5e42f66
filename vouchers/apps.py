"""App config of gift vouchers: their ranges, creation and spending rules, and the basket's template tag."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = _("Gift vouchers")
