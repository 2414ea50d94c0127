"""No two active appointments of a therapist overlap, buffers included (PostgreSQL).

An exclusion constraint over the blocked range (clinic.md §3.2): it backs every
code path (admin, shell, future code), not only the booking service.  SQLite has
no such constraint; there the service re-checks inside an IMMEDIATE transaction
(clinic.md §3.3), so this migration does nothing on SQLite.  It is raw SQL, not
an ``ExclusionConstraint`` in the model's Meta, because Meta constraints are
created (and validated) on every database.
"""

from __future__ import annotations

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

#: The constraint's name; the booking service recognises its violation by it.
NO_OVERLAP = "clinic_appointment_no_overlap"

ADD = f"""
ALTER TABLE clinic_appointment ADD CONSTRAINT {NO_OVERLAP}
EXCLUDE USING gist (
    therapist_id WITH =,
    tstzrange(blocked_start, blocked_end, '[)') WITH &&
) WHERE (status IN ('held', 'booked'))
"""
DROP = f"ALTER TABLE clinic_appointment DROP CONSTRAINT {NO_OVERLAP}"


def add(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]

    operations = [
        BtreeGistExtension(),  # skipped by Django itself on other databases
        migrations.RunPython(add, drop),
    ]
