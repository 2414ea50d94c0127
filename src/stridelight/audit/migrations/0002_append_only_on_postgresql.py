"""On PostgreSQL the database itself refuses to change or delete an audit entry.

The application already refuses (AuditEntry.save/delete, its QuerySet); this
trigger also stops raw SQL, a shell, or a bug elsewhere (HIPAA 164.312(b)/(c),
ASVS 16.4.2).  TRUNCATE is left to the owner: the tests empty their databases
with it, and a deployment can revoke it from the application's role
(docs/security.md).  SQLite has no roles to stop an owner, so nothing there.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CREATE = """
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_refuse_change();
"""


def _on_postgresql(sql: str):  # type: ignore[no-untyped-def]
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # the SQL has a literal %

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_entries")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
