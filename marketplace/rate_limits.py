"""How often one address (and one target: an email address, an order) may use each form that sends
mail, checks a code or costs the database: read by core.ratelimit through settings.RATE_LIMITS."""

RATE_LIMITS_BY_FORM = {
    # Each sends a mail to an address the sender chooses.
    "password-reset": {
        "views": ["password-reset"],
        "rate": "10/h",
        "target_fields": ["email"],
        "target_rate": "3/h",
    },
    "register": {
        "views": ["customer:register", "customer:login"],
        "rate": "20/h",
        "target_fields": ["registration-email", "email"],
        "target_rate": "5/h",
        # The login page holds the registration form too; its logins are counted by Axes, not here.
        "unless_posted": ["login_submit"],
    },
    "shop-apply": {
        "views": ["shops:apply"],
        "rate": "5/h",
        "target_fields": ["contact_email"],
        "target_rate": "3/h",
    },
    # The pickup code (6 characters) is also locked per order after 5 wrong tries (orders.services).
    "pickup-code": {
        "views": ["dashboard:order-action", "dashboard:pickup-point-hand-over"],
        "rate": "60/10m",
        "target_kwargs": ["number", "reference"],
        "target_rate": "20/10m",
    },
    "checkout": {"views": ["checkout:index", "payments:pay"], "rate": "30/10m"},
    # Searching reads the whole catalogue: generous for a person, not for a scraper.
    "search": {
        "views": ["search:search", "catalogue:index", "dashboard:catalogue-product-lookup"],
        "methods": ["GET"],
        "rate": "120/m",
    },
    # The search box's suggestions: one request per pause in typing, answered from the cache.
    "search-suggestions": {"views": ["search-suggestions"], "methods": ["GET"], "rate": "300/m"},
}
