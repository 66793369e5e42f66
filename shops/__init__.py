"""Shops: the merchant side of the marketplace, a fork of Oscar's partner app."""
