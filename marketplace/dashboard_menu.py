"""The dashboard menu's entries added to Oscar's: who sees each is its URL's permissions (the apps'
permissions_map), narrowed by an access function where a role needs more (a shop, a pickup point)."""

from django.utils.translation import gettext_lazy as _

from pickup_points.nav import point_staff_nav_access
from shops.dashboard.nav import merchant_nav_access

DASHBOARD_MENU = [
    {
        "label": _("Order board"),
        "icon": "fas fa-clipboard-list",
        "url_name": "dashboard:order-board",
        "access_fn": merchant_nav_access,
    },
    {
        "label": _("Pickup point"),
        "icon": "fas fa-box-open",
        "url_name": "dashboard:pickup-point-waiting",
        "access_fn": point_staff_nav_access,
    },
    {
        "label": _("My shop"),
        "icon": "fas fa-store",
        "url_name": "dashboard:shop-profile",
        "access_fn": merchant_nav_access,
    },
    {
        "label": _("My products"),
        "icon": "fas fa-carrot",
        "url_name": "dashboard:merchant-product-list",
        "access_fn": merchant_nav_access,
    },
    {
        "label": _("Today at my counter"),
        "icon": "fas fa-shopping-basket",
        "url_name": "dashboard:merchant-counter-offer",
        "access_fn": merchant_nav_access,
    },
    {
        "label": _("Getting started"),
        "icon": "fas fa-flag-checkered",
        "url_name": "dashboard:shop-guide",
        "access_fn": merchant_nav_access,
    },
    {
        "label": _("Import products"),
        "icon": "fas fa-file-import",
        "url_name": "dashboard:catalogue-import",
        "access_fn": merchant_nav_access,
    },
    {
        "label": _("Help from the town"),
        "icon": "fas fa-hands-helping",
        "url_name": "dashboard:corner-my-help",
        "access_fn": merchant_nav_access,
    },
    {
        # No access_fn: shown to those its URLs let in (core.access.TOWN_CORNER).
        "label": _("Digital corner"),
        "icon": "fas fa-hands-helping",
        "children": [
            {"label": _("Accompanying merchants"), "url_name": "dashboard:corner-merchant-list"},
            {"label": _("Ordering for people not online"), "url_name": "dashboard:behalf-people"},
            {"label": _("Workshops"), "url_name": "dashboard:workshop-list"},
            {"label": _("Surveys"), "url_name": "dashboard:survey-list"},
        ],
    },
    {
        "label": _("Workshops"),
        "icon": "fas fa-chalkboard-teacher",
        "url_name": "dashboard:workshop-mine",
        "access_fn": merchant_nav_access,
    },
    {
        # Merchants read and write; no access_fn so the town hall (which moderates) sees it too.
        "label": _("Merchants' space"),
        "icon": "fas fa-comments",
        "url_name": "dashboard:community-list",
    },
    {
        "label": _("My posts"),
        "icon": "fas fa-bullhorn",
        "url_name": "dashboard:post-list",
        "access_fn": merchant_nav_access,
    },
    {
        "label": _("Shop applications"),
        "icon": "fas fa-clipboard-check",
        "url_name": "dashboard:shop-application-list",
    },
    {
        "label": _("Town life"),
        "icon": "fas fa-landmark",
        "children": [
            {"label": _("Announcements"), "url_name": "dashboard:announcement-list"},
            {"label": _("Moderation"), "url_name": "dashboard:moderation"},
            {"label": _("Markets"), "url_name": "dashboard:market-list"},
        ],
    },
    {
        # No access_fn: Oscar shows it to those its URL lets in, the town hall only.
        "label": _("Local commerce"),
        "icon": "fas fa-chart-line",
        "url_name": "dashboard:oversight-index",
    },
    {
        "label": _("Town hall log"),
        "icon": "fas fa-history",
        "url_name": "dashboard:oversight-audit",
    },
    {
        # No access_fn: shown to those its URLs let in, the town hall only (Oscar's vouchers beside it).
        "label": _("Gift vouchers"),
        "icon": "fas fa-gift",
        "children": [
            {"label": _("Report"), "url_name": "dashboard:gift-voucher-report"},
            {"label": _("Issue vouchers"), "url_name": "dashboard:gift-voucher-issue"},
            {"label": _("All vouchers"), "url_name": "dashboard:voucher-list"},
        ],
    },
]
