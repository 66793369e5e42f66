"""A resident's follows and reopening alerts in their data export; they go with the account (CASCADE)."""

from typing import Any

from follows.models import Follow, ReopenAlert


def follows_export(user: Any) -> dict[str, list]:
    return {
        "following": [
            {
                "shop": follow.shop.name if follow.shop_id else "markets",
                "since": follow.created_at.isoformat(),
            }
            for follow in Follow.objects.filter(user=user).select_related("shop")
        ],
        "reopening_alerts": [
            {"shop": alert.shop.name, "since": alert.created_at.isoformat()}
            for alert in ReopenAlert.objects.filter(user=user).select_related("shop")
        ],
    }
