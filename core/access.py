"""Who may use a dashboard page, in the form of Oscar's `permissions_map` values.

Kept free of model imports: app configs read it while Django is still loading apps.
"""

# Staff holding partner.change_partner: the town hall group (core.roles).
TOWN_HALL = (["is_staff", "partner.change_partner"],)
# Users who run a shop; each view scopes its queries to their own shop.
MERCHANT = (["partner.dashboard_access"],)
# Staff of a town pickup point (core.roles); each view scopes its queries to their own point.
PICKUP_POINT_STAFF = (["partner.pickup_point_access"],)
# The town's digital corner (accompaniment, workshops, surveys): the town hall, or staff holding
# accompaniment.town_corner (the town-centre manager's group, accompaniment.roles).
TOWN_CORNER = (["is_staff", "partner.change_partner"], ["is_staff", "accompaniment.town_corner"])
