"""App config of the forked order app."""

import oscar.apps.order.apps as apps


class OrdersConfig(apps.OrderConfig):
    name = "orders"
