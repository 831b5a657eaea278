"""``make bench``: the cooperative registry at 100,000 records, against its baselines, on this machine.

    python -m bench.registry [--rows N] [--quick] [--queries 200]

In one run, on the benchmark's own database (``hoptac_bench``, see :mod:`bench.database`):

a. the import end to end (``hoptac.registry.importing.import_cooperatives``: file read, validation,
   normalisation, upsert) of the generated file into an empty table, then the same file again (all unchanged);
b. PostgreSQL ``COPY`` of the same rows into the same table, indexes and triggers in place (the derived
   columns computed beforehand, outside the timing): the speed of raw insertion;
c. django-import-export's bulk ``ModelResource`` on a 20,000-row subset of the same CSV;
d. search: p50/p95 of the registry's search (first page of 50) over ~200 realistic queries, against the
   Django admin's default ``search_fields`` search on the same data;
e. the list page ``/hop-tac-xa/``: p50/p95 of the first and of a deep keyset page, and the query count for
   5 and for 50 rows a page.

Results: ``bench/results/registry.json`` and ``docs/performance.md`` (regenerated from it by
:mod:`bench.report`). A benchmark, not a test: it never fails a build, it reports.
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from . import database, generate
from .database import assert_bench_database, setup_bench_django

# HOPTAC_BENCH_DATABASE runs the registry benchmark on a database of its own name (another benchmark may be
# using hoptac_bench at the same time; this one truncates the registry's tables).
if os.environ.get("HOPTAC_BENCH_DATABASE"):
    database.BENCH_DATABASE = os.environ["HOPTAC_BENCH_DATABASE"]
BENCH_DATABASE = database.BENCH_DATABASE

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "registry.json"
CACHE = Path(__file__).resolve().parent / ".cache"
IMPORT_EXPORT_ROWS = 20_000
QUICK_ROWS = 10_000
SEARCH_QUERIES = 200
PAGE_REQUESTS = 50

# The issue's targets (issue 3, "Targets"), and the baselines it quotes for this machine.
TARGET_IMPORT_VS_COPY = 0.25
TARGET_IMPORT_VS_IMPORT_EXPORT = 20.0
TARGET_SEARCH_P95_MS = 50.0
TARGET_SEARCH_VS_ADMIN = 20.0
TARGET_LIST_P95_MS = 100.0
ISSUE_BASELINES = {"django_import_export_rows_per_second": 1_850, "copy_rows_per_second": 160_000}
ADMIN_SEARCH_FIELDS = ("name", "short_name", "tax_code", "representative", "address")


_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[bench +{time.perf_counter() - _STARTED:6.1f}s] {message}", flush=True)


# ------------------------------------------------------------------------------------------------ helpers


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "samples": len(ms),
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "max_ms": round(max(ms), 2),
    }


def throughput(rows: int, seconds: float) -> dict:
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_second": round(rows / seconds, 1)}


def machine() -> dict:
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    import django

    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "postgresql": server_version,
        "database_server": "embedded" if not os.environ.get("DATABASE_URL") else "DATABASE_URL",
        "python": platform.python_version(),
        "django": django.get_version(),
        "commit": commit,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def truncate() -> None:
    """Empty the registry (and its history) in the benchmark database only."""
    from django.db import connection

    from hoptac.core.audit import event_model_for
    from hoptac.registry.models import Cooperative

    assert_bench_database()
    tables = [Cooperative._meta.db_table]
    event_model = event_model_for(Cooperative)
    if event_model is not None:
        tables.append(event_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    gc.collect()


def vacuum_analyze() -> None:
    from django.db import connection

    from hoptac.registry.models import Cooperative

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Cooperative._meta.db_table}")


def row_count() -> int:
    from hoptac.registry.models import Cooperative

    return Cooperative.objects.count()


def bench_admin():
    """The system administrator persona of the benchmark database (created once)."""
    from hoptac.accounts import roles
    from hoptac.accounts.models import Role, RoleAssignment, User

    user, created = User.objects.get_or_create(
        username="bench.admin",
        defaults={"email": "bench.admin@example.vn", "full_name": "Quản trị hệ thống (bench)"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    role = Role.objects.get(code=roles.SYSTEM_ADMIN)
    RoleAssignment.objects.get_or_create(user=user, role=role, scope_type=None, scope_id=None)
    return User.objects.get(pk=user.pk)  # fresh: no cached roles


# ------------------------------------------------------------------------------------------------- files


def _generator_fingerprint(rows: int, seed: int) -> str:
    source = Path(generate.__file__).read_bytes()
    return hashlib.sha256(source + f"{rows}:{seed}".encode()).hexdigest()[:12]


def prepare_files(records: list[generate.Synthetic], rows: int, seed: int) -> dict[str, Path]:
    """The .xlsx and .csv of ``records``, kept in bench/.cache/ while the generator and its inputs are the same."""
    CACHE.mkdir(parents=True, exist_ok=True)
    stem = f"cooperatives-{rows}-{_generator_fingerprint(rows, seed)}"
    paths = {"xlsx": CACHE / f"{stem}.xlsx", "csv": CACHE / f"{stem}.csv"}
    for kind, path in paths.items():
        if path.exists():
            continue
        for stale in CACHE.glob(f"cooperatives-{rows}-*.{kind}"):
            stale.unlink()
        started = time.perf_counter()
        partial = path.with_suffix(f".partial.{kind}")
        (generate.write_xlsx if kind == "xlsx" else generate.write_csv)(partial, records)
        partial.rename(path)
        log(
            f"wrote {path.name} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
    return paths


# ------------------------------------------------------------------------------------------------ a. import


def load_importer() -> Callable | None:
    try:
        from hoptac.registry.importing import import_cooperatives
    except ImportError as exc:
        log(f"!! hoptac.registry.importing is missing ({exc}): the import is NOT measured in this run.")
        return None
    return import_cooperatives


def bench_import(import_cooperatives: Callable, path: Path, admin, expected: int) -> dict:
    """Into an empty table, then the same file again (everything unchanged)."""
    truncate()
    runs = {}
    for label in ("empty_table", "same_file_again"):
        gc.collect()
        started = time.perf_counter()
        data = path.read_bytes()  # reading the file is part of the import
        result = import_cooperatives(data, path.name, actor=admin)
        seconds = time.perf_counter() - started
        counts = {k: getattr(result, k) for k in ("new", "updated", "unchanged", "invalid")}
        errors = [p for p in result.problems if getattr(p, "level", "") == "error"]
        runs[label] = {
            **throughput(expected, seconds),
            "counts": counts,
            "problems": len(result.problems),
            "first_problems": [p.as_dict() for p in result.problems[:5]],
        }
        log(
            f"import {path.suffix} ({label}): {seconds:.1f} s, {expected / seconds:,.0f} rows/s, {counts}"
            + (f", {len(errors)} errors" if errors else "")
        )
    runs["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    runs["rows_in_table"] = row_count()
    return runs


# -------------------------------------------------------------------------------------------------- b. COPY


COPY_FIELDS = (
    "version", "legal_form", "name", "short_name", "tax_code", "registration_date", "province", "commune",
    "address", "sectors", "member_count", "charter_capital", "representative", "phone", "email", "status",
    "certifications", "notes", "created_at", "updated_at", "folded_name", "search_text", "sort_key",
)  # fmt: skip


def copy_rows(records: Iterable[generate.Synthetic]) -> list[tuple]:
    """Every column COPY writes, derived columns included (computed by the model's own function, untimed)."""
    from django.utils import timezone

    from hoptac.registry.models import Cooperative

    now = timezone.now()
    rows = []
    for r in records:
        c = Cooperative(
            name=r.name,
            short_name=r.short_name,
            tax_code=r.tax_code,
            representative=r.representative,
            address=r.address,
        )
        c.refresh_derived()
        rows.append(
            (
                1, r.legal_form, r.name, r.short_name, r.tax_code, r.registration_date, r.province_id,
                r.commune_id, r.address, r.sectors, r.member_count, r.charter_capital, r.representative,
                r.phone, r.email, r.status, r.certifications, r.notes, now, now, c.folded_name,
                c.search_text, c.sort_key,
            )
        )  # fmt: skip
    return rows


def _copy(table: str, rows: list[tuple], history_context: dict | None = None) -> float:
    """COPY ``rows`` into ``table`` in one transaction; with ``history_context``, inside a pghistory context.

    The import runs inside ``acting_as(actor)``, so the history trigger finds a context and attaches it to each
    event; without one, the trigger's context look-up raises and catches an error on every row, which costs
    more. The baseline is measured in the import's conditions (and, for the record, without a context).
    """
    import uuid

    from django.db import connection

    from hoptac.registry.models import Cooperative

    columns = ", ".join(Cooperative._meta.get_field(name).column for name in COPY_FIELDS)
    connection.ensure_connection()
    raw = connection.connection  # the psycopg 3 connection
    gc.collect()
    started = time.perf_counter()
    with (
        raw.transaction(),
        raw.cursor() as cursor,
    ):
        if history_context is not None:
            cursor.execute(
                "SELECT set_config('pghistory.context_id', %s, true), "
                "set_config('pghistory.context_metadata', %s, true)",
                [str(uuid.uuid4()), json.dumps(history_context)],
            )
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return time.perf_counter() - started


def bench_copy(rows: list[tuple], admin, *, extra: bool = False) -> dict:
    from django.db import connection

    from hoptac.registry.models import Cooperative

    table = Cooperative._meta.db_table
    result: dict = {}
    if extra:
        truncate()
        seconds = _copy(table, rows)
        result["without_history_context"] = throughput(len(rows), seconds)
        log(f"COPY into {table}, no history context: {len(rows) / seconds:,.0f} rows/s")
    truncate()
    seconds = _copy(table, rows, history_context={"user": admin.pk, "command": "bench_copy"})
    result["with_indexes_and_triggers"] = throughput(len(rows), seconds)
    log(
        f"COPY into {table} (indexes, constraints, history trigger, as the import): {len(rows) / seconds:,.0f} rows/s"
    )
    result["rows_in_table"] = row_count()
    # For context: the same COPY into a bare copy of the table (no index, no constraint, no trigger).
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_cooperative")
        cursor.execute(
            f"CREATE TABLE bench_bare_cooperative (LIKE {table} INCLUDING DEFAULTS INCLUDING IDENTITY)"
        )
    try:
        bare = _copy("bench_bare_cooperative", rows)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_bare_cooperative")
    log(f"COPY into a bare table (no index, no trigger): {len(rows) / bare:,.0f} rows/s")
    result["bare_table"] = throughput(len(rows), bare)
    return result


# -------------------------------------------------------------------------------------- c. import-export


def import_export_resource():
    """django-import-export's bulk ModelResource for Cooperative, reading the export's Vietnamese headers."""
    from import_export import fields, resources, widgets

    from hoptac.places.models import Commune, Province
    from hoptac.registry.choices import Certification, LegalForm, Sector, Status
    from hoptac.registry.models import Cooperative

    class LabelWidget(widgets.Widget):
        def __init__(self, choices, many=False):
            super().__init__()
            self.values = {str(label): value for value, label in choices}
            self.many = many

        def clean(self, value, row=None, **kwargs):
            if self.many:
                return [self.values[v.strip()] for v in (value or "").split(";") if v.strip()]
            return self.values.get((value or "").strip(), value)

    class NullableCharWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return (value or "").strip() or None

    class CommuneWidget(widgets.ForeignKeyWidget):
        """Commune names repeat across provinces: look it up within the row's province."""

        def get_lookup_kwargs(self, value, row=None, **kwargs):
            return {"name": value, "province__name": row["Tỉnh/thành phố"]}

    def field(attribute, header, widget=None):
        return fields.Field(attribute=attribute, column_name=header, widget=widget or widgets.CharWidget())

    class CooperativeResource(resources.ModelResource):
        name = field("name", "Tên hợp tác xã")
        short_name = field("short_name", "Tên viết tắt")
        legal_form = field("legal_form", "Loại hình", LabelWidget(LegalForm.choices))
        tax_code = field("tax_code", "Mã số thuế", NullableCharWidget())
        registration_date = field("registration_date", "Ngày đăng ký", widgets.DateWidget("%d/%m/%Y"))
        province = field("province", "Tỉnh/thành phố", widgets.ForeignKeyWidget(Province, "name"))
        commune = field("commune", "Xã/phường", CommuneWidget(Commune, "name"))
        address = field("address", "Địa chỉ")
        sectors = field("sectors", "Lĩnh vực", LabelWidget(Sector.choices, many=True))
        member_count = field("member_count", "Số thành viên", widgets.IntegerWidget())
        charter_capital = field("charter_capital", "Vốn điều lệ (đồng)", widgets.DecimalWidget())
        representative = field("representative", "Người đại diện")
        phone = field("phone", "Điện thoại")
        email = field("email", "Thư điện tử")
        status = field("status", "Tình trạng", LabelWidget(Status.choices))
        certifications = field("certifications", "Chứng nhận", LabelWidget(Certification.choices, many=True))
        notes = field("notes", "Ghi chú")

        class Meta:
            model = Cooperative
            import_id_fields = ("tax_code",)
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            fields = (
                "name", "short_name", "legal_form", "tax_code", "registration_date", "province", "commune",
                "address", "sectors", "member_count", "charter_capital", "representative", "phone", "email",
                "status", "certifications", "notes",
            )  # fmt: skip

        def before_save_instance(self, instance, row, **kwargs):
            # bulk_create skips save(): fill the derived columns as the model would (the same function).
            instance.refresh_derived()

    return CooperativeResource()


def bench_import_export(csv_path: Path, subset: int) -> dict:
    """The first ``subset`` rows of the CSV that have a tax code (its import key) as a tablib Dataset."""
    import tablib

    truncate()
    gc.collect()
    tax_code_column = generate.HEADERS.index("Mã số thuế")
    started = time.perf_counter()
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        kept = []
        for cells in reader:
            if cells[tax_code_column]:
                kept.append(cells)
                if len(kept) == subset:
                    break
    dataset = tablib.Dataset(*kept, headers=header)
    loaded = time.perf_counter() - started
    resource = import_export_resource()
    started_import = time.perf_counter()
    result = resource.import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    seconds = loaded + (time.perf_counter() - started_import)
    totals = dict(result.totals)
    log(f"django-import-export: {len(kept)} rows in {seconds:.1f} s, {len(kept) / seconds:,.0f} rows/s")
    return {
        **throughput(len(kept), seconds),
        "dataset_seconds": round(loaded, 3),
        "totals": {k: v for k, v in totals.items() if v},
        "rows_in_table": row_count(),
    }


# ------------------------------------------------------------------------------------------------ d. search


def search_queries(records: list[generate.Synthetic], count: int, seed: int) -> list[str]:
    """Realistic queries: names with and without diacritics, places, people, tax-code prefixes, NFD, misses."""
    from hoptac.core.text import fold

    rng = random.Random(seed + 1)  # noqa: S311 - reproducible
    sample = rng.sample(records, min(len(records), count * 2))
    queries: list[str] = []

    def take(n, make):
        for record in sample[len(queries) : len(queries) + n]:
            queries.append(make(record))

    share = count / 200
    take(int(30 * share), lambda r: fold(r.name))  # full name, no diacritics
    take(int(25 * share), lambda r: " ".join(r.name.split()[3:6]))  # product + place, with diacritics
    take(int(25 * share), lambda r: fold(" ".join(r.short_name.split()[1:])))  # product + place, folded
    take(int(20 * share), lambda r: r.address.split(", ")[-2] if r.commune_name else r.province_name)
    take(int(25 * share), lambda r: fold(r.representative))  # a person, no diacritics
    take(int(10 * share), lambda r: r.representative)  # a person, with diacritics
    take(
        int(25 * share),
        lambda r: (r.tax_code or "0100233488")[: rng.randint(4, 8)],
    )  # a tax-code prefix
    take(int(15 * share), lambda r: unicodedata.normalize("NFD", " ".join(r.name.split()[-3:])))  # decomposed
    take(int(10 * share), lambda r: f"hop tac xa {fold(r.province_name.replace('Thành phố ', ''))}")
    common = ["thuy san", "rau an toan", "htx", "ca phe", "mat ong", "van tai", "moi truong", "lua gao"]
    misses = ["zzqx không có", "hop tac xa sao hoa", "1234567890123", "xyzw", "qwerty htx"]
    queries += (common * 3)[: int(count * 0.04)] + (misses * 3)[: int(count * 0.03)]
    while len(queries) < count:
        queries.append(fold(rng.choice(records).name).split(" ", 3)[-1])
    return queries[:count]


def admin_search_queryset(queryset, search_term: str):
    """Django admin's default ``search_fields`` search (ModelAdmin.get_search_results), Q for Q."""
    from django.db import models
    from django.utils.text import smart_split, unescape_string_literal

    orm_lookups = [f"{name}__icontains" for name in ADMIN_SEARCH_FIELDS]
    term_queries = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        term_queries.append(models.Q.create([(lookup, bit) for lookup in orm_lookups], connector=models.Q.OR))
    return queryset.filter(models.Q.create(term_queries))


def _time_queries(queries: list[str], run: Callable[[str], int]) -> tuple[list[float], int]:
    for query in queries[:10]:  # warm the caches and the plans
        run(query)
    timings, empty = [], 0
    for query in queries:
        started = time.perf_counter()
        found = run(query)
        timings.append(time.perf_counter() - started)
        empty += found == 0
    return timings, empty


def bench_search(admin, queries: list[str]) -> dict:
    from hoptac.registry.models import Cooperative
    from hoptac.registry.selectors import CooperativeFilters, cooperative_search

    def ours(query: str) -> int:
        # The product's own search: the first page of 50 in Vietnamese order, as the search box and list get it.
        return len(cooperative_search(user=admin, filters=CooperativeFilters(query=query), limit=50))

    def django_admin(query: str) -> int:
        qs = admin_search_queryset(Cooperative.objects.all(), query)
        return len(list(qs.order_by("sort_key", "id")[:50]))

    ours_times, ours_empty = _time_queries(queries, ours)
    summary = latency_summary(ours_times)
    log(f"search: p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms ({len(queries)} queries)")
    admin_times, admin_empty = _time_queries(queries, django_admin)
    admin_summary = latency_summary(admin_times)
    log(f"admin search: p50 {admin_summary['p50_ms']} ms, p95 {admin_summary['p95_ms']} ms")
    slowest = sorted(zip(ours_times, queries, strict=True), reverse=True)[:5]
    return {
        "queries": len(queries),
        "examples": queries[:: max(1, len(queries) // 12)][:12],
        "hoptac": {**summary, "queries_with_no_result": ours_empty},
        "django_admin": {**admin_summary, "queries_with_no_result": admin_empty},
        "speedup_p50": round(admin_summary["p50_ms"] / summary["p50_ms"], 1),
        "speedup_p95": round(admin_summary["p95_ms"] / summary["p95_ms"], 1),
        "slowest": [{"query": q, "ms": round(t * 1000, 1)} for t, q in slowest],
    }


# --------------------------------------------------------------------------------------------- e. list page


def bench_list_page(admin, requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    from hoptac.core.pagination import _encode
    from hoptac.registry.models import Cooperative

    url = reverse("registry:cooperative_list")
    client = Client()
    client.force_login(admin)
    total = Cooperative.objects.count()
    position = int(total * 0.9)
    deep_key = Cooperative.objects.order_by("sort_key", "id").values_list("sort_key", "id")[position]
    pages = {
        "first_page": {},
        "deep_page": {"sau": _encode(list(deep_key))},
        "search_page": {"q": "hop tac xa nong nghiep"},
    }
    result: dict = {"url": url, "deep_page_position": position}
    for name, params in pages.items():
        for _ in range(5):
            assert client.get(url, params).status_code == 200
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        result[name] = latency_summary(timings)
        log(f"list {name}: p50 {result[name]['p50_ms']} ms, p95 {result[name]['p95_ms']} ms")
    counts = {}
    for size in (5, 50):
        with override_settings(HOPTAC_PAGE_SIZE=size):
            for name in ("first_page", "deep_page"):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url, pages[name])
                assert response.status_code == 200
                counts.setdefault(name, {})[str(size)] = len(captured.captured_queries)
    result["query_count"] = counts
    log(f"list query counts (5 vs 50 rows a page): {counts}")
    return result


# --------------------------------------------------------------------------------------------------- targets


def targets(results: dict) -> list[dict]:
    def check(name, target, measured, passed, note=""):
        return {"name": name, "target": target, "measured": measured, "pass": passed, "note": note}

    out = []
    imp = results.get("import", {}).get("xlsx", {}).get("empty_table")
    copy = results.get("copy", {}).get("with_indexes_and_triggers")
    iex = results.get("django_import_export")
    if imp and copy:
        ratio = imp["rows_per_second"] / copy["rows_per_second"]
        out.append(
            check(
                "import ≥ 25% of COPY",
                f"≥ {TARGET_IMPORT_VS_COPY:.0%}",
                f"{ratio:.1%} ({imp['rows_per_second']:,.0f} vs {copy['rows_per_second']:,.0f} rows/s)",
                ratio >= TARGET_IMPORT_VS_COPY,
            )
        )
    else:
        out.append(check("import ≥ 25% of COPY", "≥ 25%", "not measured", None))
    if imp and iex:
        ratio = imp["rows_per_second"] / iex["rows_per_second"]
        out.append(
            check(
                "import ≥ 20× django-import-export",
                f"≥ {TARGET_IMPORT_VS_IMPORT_EXPORT:.0f}×",
                f"{ratio:.1f}× ({imp['rows_per_second']:,.0f} vs {iex['rows_per_second']:,.0f} rows/s)",
                ratio >= TARGET_IMPORT_VS_IMPORT_EXPORT,
            )
        )
    else:
        out.append(check("import ≥ 20× django-import-export", "≥ 20×", "not measured", None))
    search = results.get("search")
    if search:
        p95 = search["hoptac"]["p95_ms"]
        out.append(
            check("search p95", f"≤ {TARGET_SEARCH_P95_MS:.0f} ms", f"{p95} ms", p95 <= TARGET_SEARCH_P95_MS)
        )
        speedup = min(search["speedup_p50"], search["speedup_p95"])
        out.append(
            check(
                "search ≥ 20× faster than admin search",
                f"≥ {TARGET_SEARCH_VS_ADMIN:.0f}× (p50 and p95)",
                f"{search['speedup_p50']}× at p50, {search['speedup_p95']}× at p95",
                speedup >= TARGET_SEARCH_VS_ADMIN,
            )
        )
    page = results.get("list_page")
    if page:
        worst = max(page["first_page"]["p95_ms"], page["deep_page"]["p95_ms"])
        out.append(
            check(
                "list page p95",
                f"≤ {TARGET_LIST_P95_MS:.0f} ms",
                f"first {page['first_page']['p95_ms']} ms, deep {page['deep_page']['p95_ms']} ms",
                worst <= TARGET_LIST_P95_MS,
            )
        )
        counts = page["query_count"]
        same = all(len(set(by_size.values())) == 1 for by_size in counts.values())
        out.append(
            check(
                "list query count 5 rows = 50 rows",
                "equal",
                ", ".join(f"{name}: {c['5']} vs {c['50']}" for name, c in counts.items()),
                same,
            )
        )
    return out


def notes(results: dict) -> list[str]:
    """Facts of this run that bound what a target can reach (shown under the report)."""
    out = []
    copy = results.get("copy", {}).get("with_indexes_and_triggers")
    iex = results.get("django_import_export")
    imp = results.get("import", {}).get("xlsx", {}).get("empty_table")
    if copy and iex and imp:
        ceiling = copy["rows_per_second"] / iex["rows_per_second"]
        out.append(
            f"The ratio to django-import-export has a ceiling: COPY of the same rows, precomputed, into the same table "
            f"is itself {ceiling:.1f}× django-import-export in this run, so 20× would need the import (file read, "
            f"validation, normalisation, derived columns, key look-ups, then that same COPY) to run at "
            f"{20 / ceiling:.0%} of COPY's speed; it runs at {imp['rows_per_second'] / copy['rows_per_second']:.0%}. "
            f"The issue's figures (COPY 160,000, django-import-export 1,850 rows/s) put the ceiling at 86×; on this "
            f"machine the trigram GIN index and the history trigger make COPY "
            f"{results['copy']['bare_table']['rows_per_second'] / copy['rows_per_second']:.1f}× slower than into "
            f"a bare table."
        )
    if BENCH_DATABASE != "hoptac_bench":
        out.append(f"Run on the database `{BENCH_DATABASE}` (HOPTAC_BENCH_DATABASE), not `hoptac_bench`.")
    return out


# ------------------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.registry", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=generate.DEFAULT_ROWS)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROWS:,} rows, for a fast check")
    parser.add_argument("--queries", type=int, default=SEARCH_QUERIES)
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-report", action="store_true", help="do not rewrite docs/performance.md")
    parser.add_argument(
        "--extra",
        action="store_true",
        help="also import the .csv and COPY without a history context (longer; for diagnosis)",
    )
    args = parser.parse_args(argv)
    rows = QUICK_ROWS if args.quick else args.rows
    began = time.perf_counter()

    log(f"database {BENCH_DATABASE}: migrating")
    setup_bench_django(migrate=True)
    admin = bench_admin()
    results: dict = {"rows": rows, "quick": args.quick, "seed": args.seed, "machine": machine()}
    log(f"machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, PostgreSQL "
        f"{results['machine']['postgresql']}")  # fmt: skip

    started = time.perf_counter()
    records = list(generate.generate(generate.load_places(), rows, args.seed))
    results["generator"] = {"seconds": round(time.perf_counter() - started, 2)}
    files = prepare_files(records, rows, args.seed)
    results["files"] = {kind: {"bytes": path.stat().st_size} for kind, path in files.items()}
    log(f"{rows:,} synthetic cooperatives generated")

    # c. django-import-export on its subset (first: every later phase starts from an empty table anyway).
    subset = min(IMPORT_EXPORT_ROWS, rows)
    results["django_import_export"] = bench_import_export(files["csv"], subset)

    # b. COPY, derived columns computed first (untimed).
    started = time.perf_counter()
    prepared = copy_rows(records)
    derived_seconds = time.perf_counter() - started
    results["copy"] = bench_copy(prepared, admin, extra=args.extra)
    results["copy"]["derived_columns_seconds_untimed"] = round(derived_seconds, 2)
    del prepared

    # a. the import (last, so search and the list page run on rows the import wrote).
    import_cooperatives = load_importer()
    if import_cooperatives is not None:
        results["import"] = {}
        if args.extra:
            results["import"]["csv"] = bench_import(import_cooperatives, files["csv"], admin, rows)
        results["import"]["xlsx"] = bench_import(import_cooperatives, files["xlsx"], admin, rows)
    else:
        results["import"] = {"skipped": "hoptac.registry.importing is missing"}
        truncate()
        _copy_back(records)

    vacuum_analyze()
    log(f"{row_count():,} rows in the table; searching")

    # d. search and e. the list page.
    queries = search_queries(records, args.queries, args.seed)
    del records
    gc.collect()
    results["search"] = bench_search(admin, queries)
    results["list_page"] = bench_list_page(admin, PAGE_REQUESTS)

    results["baselines_quoted_in_issue"] = ISSUE_BASELINES
    results["targets"] = targets(results)
    results["notes"] = notes(results)
    results["total_seconds"] = round(time.perf_counter() - began, 1)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n")
    log(f"results → {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    if not args.no_report:
        from .report import write_report

        path = write_report(results)  # the run's notes are part of the registry section
        log(f"report → {path.relative_to(ROOT)}")
    for target in results["targets"]:
        mark = {True: "PASS", False: "MISS", None: "----"}[target["pass"]]
        log(f"{mark}  {target['name']}: {target['measured']} (target {target['target']})")
    log(f"done in {results['total_seconds']:.0f} s")
    if import_cooperatives is None and not args.quick:
        log("!! the import was not measured: this run is incomplete.")
        return 1
    return 0


def _copy_back(records: list[generate.Synthetic]) -> None:
    """Without the import, fill the table by COPY so search and the list page still have 100,000 rows."""
    from hoptac.registry.models import Cooperative

    _copy(Cooperative._meta.db_table, copy_rows(records))


if __name__ == "__main__":
    sys.exit(main())
