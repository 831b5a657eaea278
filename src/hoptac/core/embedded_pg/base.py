"""Django database backend: PostgreSQL, with the embedded server started on the first connection."""

from __future__ import annotations

from pathlib import Path

from django.db.backends.postgresql import base

from . import ensure_database, ensure_server


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        host = ensure_server(Path(self.settings_dict["PGDATA"]))
        self.settings_dict["HOST"] = host
        params = super().get_connection_params()
        params["host"] = host
        name = self.settings_dict["NAME"]  # None when Django connects to the maintenance database
        if name and not name.startswith("test_"):
            # The test runner creates its own databases; only the working database is ensured here.
            ensure_database(host, self.settings_dict["USER"], name)
        return params
