"""Published releases are frozen in the database itself: rows of a release that is no longer a
draft cannot be inserted, changed or (on PostgreSQL) deleted, whatever code tries.

SQLite has no DELETE guard, because Django's test flush empties its tables with DELETE; on
PostgreSQL the flush uses TRUNCATE, which row triggers do not see.
"""

from django.db import migrations

FROZEN_TABLES = (
    "league_metricvalue",
    "league_publishedfigure",
    "league_publishedleaguerow",
    "league_assessment",
    "league_computedscore",
    "league_periodcomputation",
)

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION league_release_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
        SELECT 1 FROM league_release WHERE id = OLD.release_id AND state <> 'draft'
    ) THEN
        RAISE EXCEPTION 'release % is published and frozen: % on % refused',
            OLD.release_id, TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM league_release WHERE id = NEW.release_id AND state <> 'draft'
    ) THEN
        RAISE EXCEPTION 'release % is published and frozen: % on % refused',
            NEW.release_id, TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

SQLITE_TRIGGERS = (
    """CREATE TRIGGER {table}_frozen_insert BEFORE INSERT ON {table}
    WHEN (SELECT state FROM league_release WHERE id = NEW.release_id) <> 'draft'
    BEGIN SELECT RAISE(ABORT, 'release is published and frozen: INSERT on {table} refused'); END""",
    """CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table}
    WHEN (SELECT state FROM league_release WHERE id = OLD.release_id) <> 'draft'
      OR (SELECT state FROM league_release WHERE id = NEW.release_id) <> 'draft'
    BEGIN SELECT RAISE(ABORT, 'release is published and frozen: UPDATE on {table} refused'); END""",
)


def create_guards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
            for table in FROZEN_TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION league_release_frozen()"
                )
        elif connection.vendor == "sqlite":
            for table in FROZEN_TABLES:
                for template in SQLITE_TRIGGERS:
                    cursor.execute(template.format(table=table))


def drop_guards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in FROZEN_TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}")
            elif connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen_insert")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen_update")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS league_release_frozen()")


class Migration(migrations.Migration):
    dependencies = [("league", "0005_release_inputs")]

    operations = [migrations.RunPython(create_guards, drop_guards)]
