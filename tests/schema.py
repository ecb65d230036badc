"""The schema a database holds, in a form two databases can be compared by (tests/test_migrations.py).

Tables; each table's columns (name → type, nullable), order aside (a migration adds a column at the end, a
table created from the models holds them in the fields' order); each table's constraints and indexes by what
they are (columns, primary key, unique, foreign key target, check, index type), names aside (a renamed field
keeps its index's former name). Run as a script (`python -m tests.schema`) it prints the JSON of the database
configured by DATABASE_URL.
"""

from __future__ import annotations

import json
import os
from typing import Any


def schema_of(connection: Any) -> dict[str, Any]:
    introspection = connection.introspection
    out: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in sorted(introspection.table_names(cursor)):
            columns = {
                c.name: [str(introspection.get_field_type(c.type_code, c)), bool(c.null_ok)]
                for c in introspection.get_table_description(cursor, table)
            }
            constraints = sorted(
                json.dumps(
                    [
                        list(c.get("columns") or []),
                        bool(c.get("primary_key")),
                        bool(c.get("unique")),
                        list(c.get("foreign_key") or []),
                        bool(c.get("check")),
                        bool(c.get("index")),
                        str(c.get("type") or ""),
                    ]
                )
                for c in introspection.get_constraints(cursor, table).values()
            )
            out[table] = {"columns": columns, "constraints": constraints}
    return out


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    print(json.dumps(schema_of(connection), sort_keys=True))
