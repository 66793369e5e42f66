"""App config of the forked basket app."""

import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    name = "orders.basket"
