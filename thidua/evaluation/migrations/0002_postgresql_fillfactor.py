"""On PostgreSQL, leave free space in the pages of the two tables an evaluation rewrites (score rows and
submissions), so that scoring a province updates rows in place (HOT updates) instead of writing a new entry in every
index for every row. Other databases have no such setting: nothing to do."""

from django.db import migrations

TABLES = {"evaluation_criterionscore": 70, "evaluation_submission": 70}


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, percent in TABLES.items():
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} SET (fillfactor = {int(percent)})")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_evaluation")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
