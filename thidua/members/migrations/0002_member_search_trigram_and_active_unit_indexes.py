"""PostgreSQL only: two indexes that keep the member list and the member counts fast at province scale.

- ``member_search_trgm_idx``: a GIN trigram index on ``search_text``. ``MemberQuerySet.search`` filters on substrings
  (``LIKE '%word%'``) of the folded name, code, e-mail and phone; without it a search across a province of 300,000
  members reads the whole table (~120 ms per query, and the list page runs two: the page and its count).
- ``member_active_unit_idx``: active members by unit, ``(unit_id, id) WHERE status = 'active'``. The
  ``members.active`` metric (tree member counts, unit pages, closing a unit) counts active members per unit; this lets
  it read a small index instead of the whole table (the count for a whole province: ~240 ms → ~120 ms).

See bench/README.md for the figures. SQLite has no trigram index; both are skipped there. The model state is
unchanged, so ``makemigrations`` sees no difference.
"""

from django.db import migrations

INDEXES = {
    "member_search_trgm_idx": "ON members_member USING gin (search_text gin_trgm_ops)",
    "member_active_unit_idx": "ON members_member (unit_id, id) WHERE status = 'active'",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the owner of the database may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
