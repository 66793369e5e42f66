"""PostgreSQL's own search machinery: extensions, an immutable unaccent, the vector and its indexes.

Everything here is idempotent and runs on PostgreSQL only: from the migrations, and around a
database built from the models (tests, benchmarks), where migrations do not run.
"""

from __future__ import annotations

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

# `unaccent()` is only STABLE (it reads its dictionary by name), so PostgreSQL refuses it in an index
# or a generated column; naming the dictionary makes the wrapper safe to declare IMMUTABLE.
BEFORE_TABLES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION marketplace_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
    """,
]

AFTER_TABLES = [
    # Full-text matches (`vector @@ query`) read the GIN index instead of every document.
    "CREATE INDEX IF NOT EXISTS textsearch_product_vector_gin "
    "ON textsearch_productdocument USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS textsearch_shop_vector_gin ON textsearch_shopdocument USING gin (vector)",
    # Close words for typos and "did you mean": trigram similarity over the vocabulary.
    "CREATE INDEX IF NOT EXISTS textsearch_term_word_trgm ON textsearch_term USING gin (word gin_trgm_ops)",
]


# On both databases: the storefront lists products by title (listing, category, shop pages), so
# the first page is read along this index instead of sorting every product (catalogue's tables and
# migrations are Oscar's: the index is made here).
ANY_DATABASE = [
    "CREATE INDEX IF NOT EXISTS storefront_product_title_id ON catalogue_product (title, id)",
]


def run(connection: BaseDatabaseWrapper, statements: list[str], *, any_database: bool = False) -> None:
    if connection.vendor != "postgresql" and not any_database:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def before_tables(*, using: str = "default", **kwargs: object) -> None:
    run(connections[using], BEFORE_TABLES)


def after_tables(*, using: str = "default", **kwargs: object) -> None:
    run(connections[using], AFTER_TABLES)
    run(connections[using], ANY_DATABASE, any_database=True)
