from pathlib import Path

from django.conf import settings

from hoptac.core.testing.matrix import Expect, only

IMPORTERS = ("system_admin", "coordinator_daklak", "coordinator_camau")


def _admin_run(ctx):
    """A finished preview uploaded by the administrator, with an error file on disk."""
    from hoptac.imports.models import ImportRun, RunStatus

    admin = ctx.make_persona("system_admin")
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "matrix-loi.xlsx").write_bytes(b"PK\x03\x04")
    run = ImportRun.objects.create(
        kind="hop-tac-xa", actor=admin, filename="htx.xlsx", stored_file="imports/matrix.xlsx",
        status=RunStatus.DONE, error_file="imports/matrix-loi.xlsx",
    )  # fmt: skip
    return {"pk": run.pk}


ROLE_MATRIX = [
    Expect("imports:upload", only(*IMPORTERS), kwargs={"kind": "hop-tac-xa"}),
    Expect("imports:template", only(*IMPORTERS), kwargs={"kind": "hop-tac-xa"}),
    Expect("imports:run", only("system_admin"), kwargs=_admin_run, note="the administrator's own run"),
    Expect("imports:errors", only("system_admin"), kwargs=_admin_run, note="the administrator's own run"),
    # A preview with nothing to import: the author is sent back with a message; others get 404.
    Expect("imports:commit", only("system_admin", ok=302), kwargs=_admin_run, method="POST"),
]
