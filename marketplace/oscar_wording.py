"""Oscar's own messages that the town words its way in French, or that Oscar leaves in English.

Oscar's French catalogue calls a gift voucher a "code de réduction" and renders a fixed amount as
"10,00 €% de réduction". Django reads our catalogue (LOCALE_PATHS) before Oscar's, so listing the
msgids here keeps them in `make messages` and lets our translation win. Never imported: only read
by makemessages.
"""

from django.utils.translation import gettext_noop

OSCAR_MESSAGES_WORDED_BY_THE_TOWN = (
    gettext_noop("%(value)s discount on %(range)s"),
    gettext_noop("Voucher '%(code)s' added to basket"),
    gettext_noop("Voucher '%s' removed from basket"),
    gettext_noop("No voucher found with code '%(code)s'"),
    gettext_noop("Please enter a voucher code"),
    gettext_noop("You have already added the '%(code)s' voucher to your basket"),
    gettext_noop("The '%(code)s' voucher has expired"),
    gettext_noop("The '%(code)s' voucher is not active"),
    # The dashboard menu's heading over Orders (Oscar's French: "Vente").
    gettext_noop("Fulfilment"),
    # The bulk-action menu of the product list, untranslated in Oscar's French.
    gettext_noop("choose action"),
)
