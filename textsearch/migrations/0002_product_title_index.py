from django.db import migrations


def index_create(apps, schema_editor):
    from textsearch import postgres

    postgres.run(schema_editor.connection, postgres.ANY_DATABASE, any_database=True)


class Migration(migrations.Migration):
    dependencies = [("textsearch", "0001_initial")]

    operations = [
        migrations.RunPython(index_create, migrations.RunPython.noop),
    ]
