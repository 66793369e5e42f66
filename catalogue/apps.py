"""App config of the forked catalogue app (label `catalogue` kept, so models and migrations are Oscar's)."""

import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalogue"
