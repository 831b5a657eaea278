"""``python -m bench.lab``: the testing center's work lists and test-report PDF at scale (issue 5's targets).

On its own database (``hoptac_bench_lab`` unless ``HOPTAC_BENCH_DATABASE`` says otherwise), with 100,000
cooperatives (``bench.generate``, by COPY as ``bench.registry`` does) and 200,000 samples written by COPY in
registration order over five years, each with its requested parameters (4–8 from its matrix's list) and their
results: old samples reported (some cancelled), the last weeks' spread over every open state — waiting to be
received, received, in analysis with results missing, entered or returned, verified and waiting for the report,
some past their due date. About 1.2 million parameter rows and a million results.

Measured in one run, through Django's test client against the real URLs (middleware, session, template), as the
lab manager:

a. the work list ``/mau/`` on each tab (``xem=cho-nhan``, ``cho-phan-tich``, ``cho-soat-xet``, ``cho-ban-hanh``,
   ``qua-han``, ``tat-ca``), a keyset page deep into "Tất cả" (after row 150,000), a search by a cooperative's name
   and by a sample code: p50/p95 over ``--samples`` runs (≥ 30) and the query count at 5 and at 50 rows a page
   (constant when equal). Target: p95 ≤ 150 ms, constant query count. When a page misses, the plan of its slowest
   statement is kept (EXPLAIN ANALYZE, BUFFERS).
b. the one-page test report: a verified sample with five parameters (the most that fit on one page; eight, on two
   pages, measured too), its issued content (``reports.report_content``)
   rendered to PDF through the documents engine (``reports.report_document`` → ``documents.render_pdf``), p95 over
   the same runs; against the floor — WeasyPrint printing the very HTML the engine produced, as a static string
   (same fonts, same table, no templates or data), timed in the same run. Targets: p95 ≤ 300 ms and ≤ 2× the floor.

Results: ``bench/results/lab.json`` and the lab section of ``docs/performance.md``.

    python -m bench.lab --quick          # 10,000 cooperatives, 20,000 samples
    python -m bench.lab                  # 100,000 and 200,000 (reuses the data when already loaded)
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path

from . import database, generate

LAB_DATABASE = os.environ.get("HOPTAC_BENCH_DATABASE") or "hoptac_bench_lab"
RESULTS = Path(__file__).resolve().parent / "results" / "lab.json"
FULL = (100_000, 200_000)
QUICK = (10_000, 20_000)
SEED = 20261127
YEARS = 5
PAGE_REQUESTS = 40
PDF_RUNS = 40
DEEP_ROW = 150_000

TARGET_LIST_P95_MS = 150.0
TARGET_PDF_P95_MS = 300.0
TARGET_PDF_VS_FLOOR = 2.0

_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[bench.lab +{time.perf_counter() - _STARTED:6.1f}s] {message}", flush=True)


def setup() -> None:
    database.BENCH_DATABASE = LAB_DATABASE
    database.setup_bench_django(migrate=True)


# ------------------------------------------------------------------------------------------------ people


STAFF = (
    [("bench.labmanager", "Vũ Quang Huy (bench)", "lab_manager")]
    + [(f"bench.analyst{i:02d}", f"Kiểm nghiệm viên {i:02d}", "lab_analyst") for i in range(8)]
    + [(f"bench.reviewer{i:02d}", f"Người soát xét {i:02d}", "lab_reviewer") for i in range(3)]
)


def _staff() -> dict[str, int]:
    """The center's people (created once, reused): username → id."""
    from hoptac.accounts.models import Role, RoleAssignment, User

    existing = set(
        User.objects.filter(username__in=[u for u, _n, _r in STAFF]).values_list("username", flat=True)
    )
    new = []
    for username, name, _role in STAFF:
        if username not in existing:
            user = User(username=username, full_name=name, email=f"{username}@example.vn")
            user.set_unusable_password()
            user.refresh_derived()
            new.append(user)
    User.objects.bulk_create(new)
    ids = dict(User.objects.filter(username__in=[u for u, _n, _r in STAFF]).values_list("username", "pk"))
    roles = dict(Role.objects.values_list("code", "pk"))
    have = set(RoleAssignment.objects.filter(user_id__in=ids.values()).values_list("user_id", "role_id"))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user_id=ids[u], role_id=roles[r])
        for u, _n, r in STAFF
        if (ids[u], roles[r]) not in have
    )
    return ids


# ------------------------------------------------------------------------------------------------ data

# (state, weight) by age of the sample in days.
BY_AGE = (
    (3, (("registered", 55), ("received", 40), ("cancelled", 5))),
    (20, (("in_analysis", 55), ("results_verified", 15), ("reported", 25), ("cancelled", 5))),
    (60, (("reported", 85), ("in_analysis", 5), ("results_verified", 5), ("cancelled", 5))),
    (None, (("reported", 95), ("cancelled", 5))),
)
PLACES = (
    "Cống xả sau bể biogas, trại heo", "Hố ga cuối hệ thống xử lý nước thải, xưởng sơ chế",
    "Kênh cấp nước tưới đầu mối", "Ao nuôi tôm của tổ thành viên", "Vòi nước sau bể lọc, trạm cấp nước",
    "Giếng khoan hộ thành viên", "Bồn chứa nước rửa nguyên liệu", "Mương thoát nước thải khu chuồng trại",
)  # fmt: skip
SAMPLE_COLUMNS = (
    "id", "version", "code", "sampling_place", "sampled_at", "sampler", "state", "registered_at", "received_at",
    "condition", "condition_note", "regulation_code", "limit_set_name", "coefficient", "regulation_applied_at",
    "quote", "payment_status", "due_date", "cancelled_at", "cancel_reason", "updated_at", "cooperative_id",
    "limit_set_id", "matrix_id", "received_by_id", "registered_by_id", "regulation_id", "sampler_user_id",
    "support_request_id", "amendment_reason", "paid_at", "payment_recorded_by_id", "payment_reference",
)  # fmt: skip
PARAMETER_COLUMNS = ("id", "price", "turnaround_days", "position", "parameter_id", "sample_id")
RESULT_COLUMNS = (
    "raw_value", "reading_kind", "value", "unit", "method", "uncertainty", "entered_at", "reviewed_at", "status",
    "return_reason", "analyst_id", "reviewer_id", "sample_parameter_id",
)  # fmt: skip


def _catalogue() -> dict:
    """Matrices with their parameters (id, price, turnaround, unit, method) and their limit set, from the shipped
    catalogue: the bench samples are judged against the same regulations as real ones."""
    from hoptac.lab.models import LimitSet, Matrix

    sets = {(s.regulation.code, s.name): s for s in LimitSet.objects.select_related("regulation")}
    applied = {
        "domestic-wastewater": (sets.get(("QCVN 14:2008/BTNMT", "B")), Decimal("1.2")),
        "surface-water": (sets.get(("QCVN 08:2023/BTNMT", "Bảng 2")), Decimal("1")),
        "drinking-water": (sets.get(("QCVN 01-1:2018/BYT", "Nhóm A")), Decimal("1")),
    }
    out = {}
    for matrix in Matrix.objects.prefetch_related("parameters"):
        parameters = [
            (p.pk, p.price, p.turnaround_days, p.unit, p.method)
            for p in matrix.parameters.order_by("position")
        ]
        if parameters:
            out[matrix.pk] = {
                "code": matrix.code,
                "parameters": parameters,
                "limit": applied.get(matrix.code),
            }
    return out


def sample_rows(
    *, samples: int, cooperatives: list[int], staff: dict, catalogue: dict, now: datetime, seed: int
):
    """Three streams for COPY — samples, their parameters, their results — in registration order, with ids, and
    the year counters reached. Generated once into lists (about 2.4 million tuples)."""
    from django.utils import timezone

    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data
    tz = timezone.get_current_timezone()
    analysts = [staff[f"bench.analyst{i:02d}"] for i in range(8)]
    reviewers = [staff[f"bench.reviewer{i:02d}"] for i in range(3)]
    manager = staff["bench.labmanager"]
    matrices = sorted(catalogue)
    weights = [5 if catalogue[m]["code"] in ("domestic-wastewater", "surface-water") else 2 for m in matrices]
    days = YEARS * 365
    first_day = timezone.localdate(now) - timedelta(days=days)
    daily = [1 + 2 * d / days for d in range(days + 1)]  # the center grows over the years
    scale = samples / sum(daily)
    sample_out, parameter_out, result_out = [], [], []
    counters: dict[int, int] = {}
    made, carry, sp_id = 0, 0.0, 0
    for offset, weight in enumerate(daily):
        carry += weight * scale
        count = int(carry) if offset < days else samples - made
        carry -= count
        count = min(count, samples - made)
        day = first_day + timedelta(days=offset)
        age = days - offset
        bucket = next(states for limit, states in BY_AGE if limit is None or age <= limit)
        names, state_weights = zip(*bucket, strict=True)
        for minute in sorted(rng.randint(7 * 60, 17 * 60) for _ in range(count)):
            registered = datetime.combine(
                day, dtime(minute // 60, minute % 60, rng.randint(0, 59)), tzinfo=tz
            )
            if registered > now:
                registered = now - timedelta(minutes=rng.randint(30, 300))
            made += 1
            state = rng.choices(names, state_weights)[0]
            year = registered.year
            counters[year] = counters.get(year, 0) + 1
            matrix = rng.choices(matrices, weights)[0]
            info = catalogue[matrix]
            chosen = rng.sample(info["parameters"], min(len(info["parameters"]), rng.randint(4, 8)))
            limit_set, k = info["limit"] or (None, Decimal("1"))
            received = sampled = due = cancelled = paid = None
            received_by = None
            sampled = registered + timedelta(hours=1)
            if state != "registered" and not (state == "cancelled" and rng.random() < 0.6):
                received = registered + timedelta(hours=rng.randint(2, 5))
                received_by = rng.choice(analysts)
                due = received.date() + timedelta(days=int(max(p[2] for p in chosen) * 1.4) + 1)
            if state == "cancelled":
                cancelled = registered + timedelta(days=1)
            if state == "reported":
                paid = registered + timedelta(days=12)
            moments = [m for m in (registered, sampled, received, cancelled, paid) if m]
            if max(moments) > now:  # a young sample's later steps have not happened yet
                shift = max(moments) - now + timedelta(minutes=5)
                registered, sampled, received, cancelled, paid = (
                    m - shift if m else None for m in (registered, sampled, received, cancelled, paid)
                )
            sample_id = made
            sample_out.append((
                sample_id, 1, f"MT-{year}-{counters[year]:05d}",
                f"{rng.choice(PLACES)} — điểm {rng.randint(1, 40)}", sampled, "", state, registered, received,
                "intact" if received else "", "", limit_set.regulation.code if limit_set else "",
                limit_set.name if limit_set else "", k, registered if limit_set else None,
                sum(p[1] for p in chosen), "paid" if paid else "unpaid", due, cancelled,
                "Hợp tác xã đề nghị hủy." if cancelled else "", registered, rng.choice(cooperatives),
                limit_set.pk if limit_set else None, matrix, received_by, manager,
                limit_set.regulation_id if limit_set else None, None, None, "", paid,
                manager if paid else None, f"PT-{sample_id}" if paid else "",
            ))  # fmt: skip
            # Results: none before analysis; in analysis, a mix (missing, entered for review, one returned);
            # verified for results_verified and reported.
            mode = "none"
            if state in ("results_verified", "reported"):
                mode = "verified"
            elif state == "in_analysis":
                mode = rng.choice(["partial", "entered", "entered", "returned"])
            analyst = rng.choice(analysts)
            reviewer = rng.choice(reviewers)
            for position, (pid, price, turnaround, unit, method) in enumerate(chosen):
                sp_id += 1
                parameter_out.append((sp_id, price, turnaround, position, pid, sample_id))
                if mode == "none" or (mode == "partial" and position % 2):
                    continue
                entered = (received or registered) + timedelta(days=2)
                entered = min(entered, now - timedelta(minutes=1))
                status, reviewed, by, reason = "entered", None, None, ""
                if mode == "verified" or (mode == "partial" and position == 0):
                    status, reviewed, by = "verified", min(entered + timedelta(days=1), now), reviewer
                elif mode == "returned" and position == 0:
                    status, reviewed, by = "returned", min(entered + timedelta(days=1), now), reviewer
                    reason = "Kết quả lệch nhiều so với mẫu lặp; đề nghị phân tích lại."
                value = round(rng.uniform(0.5, 80), 1)
                result_out.append((
                    str(value).replace(".", ","), "exact", value, unit, method, "", entered, reviewed, status, reason,
                    analyst, by, sp_id,
                ))  # fmt: skip
    return sample_out, parameter_out, result_out, counters


def _copy_into(table: str, columns: tuple[str, ...], rows: list[tuple]) -> float:
    """COPY as synthetic history: no history rows, no per-row foreign-key triggers (ids read from the tables);
    indexes and CHECK constraints in force."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    started = time.perf_counter()
    with raw.transaction(), raw.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return time.perf_counter() - started


def load(coops: int, samples: int, seed: int, *, force: bool) -> dict:
    """Cooperatives and samples by COPY (reused when the database already holds exactly these counts)."""
    from django.db import connection
    from django.utils import timezone

    from hoptac.lab.models import Result, Sample, SampleCounter, SampleParameter
    from hoptac.registry.models import Cooperative

    from .registry import _copy, copy_rows

    database.assert_bench_database()
    staff = _staff()
    info: dict = {"cooperatives": coops, "samples": samples}
    if (Cooperative.objects.count(), Sample.objects.count()) == (coops, samples) and not force:
        log(f"reusing {coops:,} cooperatives and {samples:,} samples already in {LAB_DATABASE}")
        info["reused"] = True
        return info
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE lab_result, lab_sampleparameter, lab_samplelimit, lab_testreport, lab_reportcounter, "
            "lab_sample, lab_samplecounter, registry_cooperative RESTART IDENTITY CASCADE"
        )
    records = list(generate.generate(generate.load_places(), coops, seed))
    _copy(Cooperative._meta.db_table, copy_rows(records))
    del records
    info["cooperatives_seconds"] = round(time.perf_counter() - started, 1)
    log(f"{coops:,} cooperatives by COPY in {info['cooperatives_seconds']} s")

    started = time.perf_counter()
    cooperatives = list(Cooperative.objects.order_by("pk").values_list("pk", flat=True))
    sample_out, parameter_out, result_out, counters = sample_rows(
        samples=samples, cooperatives=cooperatives, staff=staff, catalogue=_catalogue(), now=timezone.now(),
        seed=seed,
    )  # fmt: skip
    info["generation_seconds"] = round(time.perf_counter() - started, 1)
    log(
        f"generated {len(sample_out):,} samples, {len(parameter_out):,} parameters, {len(result_out):,} results "
        f"in {info['generation_seconds']} s"
    )
    for model, columns, rows in (
        (Sample, SAMPLE_COLUMNS, sample_out),
        (SampleParameter, PARAMETER_COLUMNS, parameter_out),
        (Result, RESULT_COLUMNS, result_out),
    ):
        seconds = _copy_into(model._meta.db_table, columns, rows)
        info[f"{model._meta.model_name}_rows"] = len(rows)
        info[f"{model._meta.model_name}_seconds"] = round(seconds, 1)
        log(f"{len(rows):,} {model._meta.db_table} rows by COPY in {seconds:.1f} s")
    del sample_out, parameter_out, result_out
    SampleCounter.objects.bulk_create(
        [SampleCounter(year=y, last=n) for y, n in counters.items()],
        update_conflicts=True, unique_fields=["year"], update_fields=["last"],
    )  # fmt: skip
    with connection.cursor() as cursor:
        for table in ("lab_sample", "lab_sampleparameter", "lab_result"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )
        for table in ("lab_sample", "lab_sampleparameter", "lab_result", "registry_cooperative"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    info["reused"] = False
    return info


def distribution() -> dict:
    from django.db.models import Count

    from hoptac.lab.models import Result, Sample, SampleParameter

    return {
        "states": dict(Sample.objects.order_by().values_list("state").annotate(n=Count("pk"))),
        "results": dict(Result.objects.order_by().values_list("status").annotate(n=Count("pk"))),
        "parameters": SampleParameter.objects.count(),
    }


# ------------------------------------------------------------------------------------------------ timing


def summary(seconds: list[float]) -> dict:
    from .registry import latency_summary

    result = latency_summary(seconds)
    result["pages_per_second"] = round(1 / statistics.fmean(seconds), 1)
    return result


def _time(client, url, params, n) -> list[float]:
    for _ in range(3):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
    out = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, params)
        out.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return out


def _slowest_statements(client, url, params, count: int = 2) -> list[dict]:
    queries = sorted(
        database.captured_queries(client, url, params), key=lambda q: float(q["time"]), reverse=True
    )[:count]
    return [
        {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"], "plan": database.explain_analyze(q["sql"])}
        for q in queries
    ]


def scenarios() -> list[dict]:
    """The work-list pages measured, as the lab manager opens them."""
    from django.db.models import Count

    from hoptac.core.pagination import _encode
    from hoptac.lab.models import Sample
    from hoptac.registry.models import Cooperative

    total = Sample.objects.count()
    position = min(DEEP_ROW, total - 1)
    registered_at, pk = Sample.objects.order_by("-registered_at", "-id").values_list("registered_at", "id")[
        position
    ]
    cursor = _encode([registered_at.isoformat(), pk])
    # A word of the name of the cooperative with the most samples (its place), and a code typed in full.
    busiest = (
        Sample.objects.values("cooperative_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("cooperative_id", flat=True)[:1]
    )
    name = (
        Cooperative.objects.filter(pk__in=list(busiest)).values_list("name", flat=True).first() or "hop tac"
    )
    # Its place, as people type it: the longest word of the name that is not the kind of cooperative (a word of
    # one or two letters is no search a person makes, and no trigram index can serve it).
    kind_words = {"hợp", "tác", "xã", "nông", "nghiệp", "dịch", "vụ", "liên", "hiệp", "tổ"}
    words = [w for w in name.split() if w.lower() not in kind_words and len(w) >= 3] or name.split()
    word = max(words, key=len)
    code = (
        Sample.objects.filter(state="in_analysis")
        .order_by("-registered_at")
        .values_list("code", flat=True)
        .first()
    )
    tabs = [
        ("cho-nhan", "To receive (registered)"),
        ("cho-phan-tich", "To analyse (received, or in analysis with a result missing or returned)"),
        ("cho-soat-xet", "To verify (a result entered, not yet reviewed)"),
        ("cho-ban-hanh", "To issue (results verified)"),
        ("qua-han", "Overdue (open, due date passed)"),
        ("tat-ca", "All samples, newest first"),
    ]
    out = [{"name": f"tab_{t.replace('-', '_')}", "label": label, "params": {"xem": t}} for t, label in tabs]
    out += [
        {
            "name": "all_deep_keyset",
            "label": f"All samples, keyset page after row {position:,}",
            "params": {"xem": "tat-ca", "sau": cursor},
        },
        {
            "name": "search_cooperative_word",
            "label": f"All samples, search “{word}” (a word of a cooperative's name)",
            "params": {"xem": "tat-ca", "q": word},
        },
        {
            "name": "search_code",
            "label": "All samples, search a sample code typed in full",
            "params": {"xem": "tat-ca", "q": code or "MT-2026-00001"},
        },
    ]
    return out


def bench_pages(staff: dict, n: int) -> dict:
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from hoptac.accounts.models import User

    manager = User.objects.get(pk=staff["bench.labmanager"])
    client = Client()
    client.force_login(manager)
    url = reverse("lab:sample_list")
    results = {}
    for scenario in scenarios():
        timings = summary(_time(client, url, scenario["params"], n))
        counts = {}
        for size in (5, 50):
            with override_settings(HOPTAC_PAGE_SIZE=size):
                counts[str(size)] = len(database.captured_queries(client, url, scenario["params"]))
        entry = {
            "label": scenario["label"],
            "url": url + "?" + "&".join(f"{k}={v}" for k, v in scenario["params"].items()),
            "hoptac": timings,
            "query_count": counts,
            "target_p95_ms": TARGET_LIST_P95_MS,
        }
        log(f"{scenario['name']}: p50 {timings['p50_ms']} / p95 {timings['p95_ms']} ms, queries {counts}")
        if timings["p95_ms"] > TARGET_LIST_P95_MS:
            entry["slowest_statements"] = _slowest_statements(client, url, scenario["params"])
            log(f"  slowest statement {entry['slowest_statements'][0]['ms']} ms — plan kept in the results")
        results[scenario["name"]] = entry
    return results


# ------------------------------------------------------------------------------------------------ the PDF


REPORT_VALUES = {
    "pH": "7,4", "BOD5": "55", "TSS": "126", "NH4+-N": "<0,02", "COLIFORM": "KPH", "COD": "118", "NO3--N": "12,5",
    "PO43--P": "4,8",
}  # fmt: skip
# The one-page report: the most parameters the report's layout fits on one page (five, at commit e136183: from six
# on, the results table's narrow columns wrap and the signature moves to page 2). The eight-parameter report is
# measured too, for the record.
ONE_PAGE = 5


def _verified_sample(staff: dict, count: int):
    """A domestic-wastewater sample with the first ``count`` parameters of REPORT_VALUES, judged against QCVN 14:2008/BTNMT B with K = 1.2, taken
    through the real services (registered, received, results entered by an analyst and verified by a reviewer)."""
    from hoptac.accounts.models import User
    from hoptac.lab import services
    from hoptac.lab.models import LimitSet, Matrix, Parameter, SampleParameter
    from hoptac.registry.models import Cooperative

    manager = User.objects.get(pk=staff["bench.labmanager"])
    analyst = User.objects.get(pk=staff["bench.analyst00"])
    reviewer = User.objects.get(pk=staff["bench.reviewer00"])
    matrix = Matrix.objects.get(code="domestic-wastewater")
    values = dict(list(REPORT_VALUES.items())[:count])
    parameters = [Parameter.objects.get(code=code) for code in values]
    sample = services.register_sample(
        actor=manager,
        cooperative=Cooperative.objects.order_by("pk").first(),
        matrix=matrix,
        parameters=parameters,
        sampling_place="Cống xả sau bể biogas, trại heo 800 con, thôn 3",
        sampler="Phạm Văn Đức",
    )
    services.apply_regulation(
        actor=manager,
        sample=sample,
        limit_set=LimitSet.objects.get(regulation__code="QCVN 14:2008/BTNMT", name="B"),
        k="1,2",
    )
    services.receive_sample(actor=analyst, sample=sample, condition="intact")
    for sp in SampleParameter.objects.filter(sample=sample).select_related("parameter", "sample"):
        result = services.enter_result(
            actor=analyst, sample_parameter=sp, value=values[sp.parameter.code], uncertainty="±10%"
        )
        services.verify_result(actor=reviewer, result=result)
    sample.refresh_from_db()
    return sample, manager


def _pages(pdf: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a test dependency
        return None
    import io

    return len(PdfReader(io.BytesIO(pdf)).pages)


def bench_pdf(staff: dict, n: int, count: int = ONE_PAGE) -> dict:
    """The report's content rendered to PDF through the engine, against WeasyPrint printing the same HTML as a
    static string. The sample is rolled back afterwards (the bench data stays as generated)."""
    from django.db import transaction
    from weasyprint import HTML

    from hoptac.documents import engine
    from hoptac.lab import reports

    class Rollback(Exception):
        pass

    out: dict = {}
    try:
        with transaction.atomic():
            sample, manager = _verified_sample(staff, count)
            content = reports.report_content(
                sample,
                number="KQ-2026-99999",
                version=1,
                verification_code="BENCH-0000-0000",
                issued_by=manager,
            )
            document = reports.report_document(content)
            static_html = engine.render_html(document)
            pdf = engine.render_pdf(document)
            floor_pdf = HTML(string=static_html).write_pdf()
            out["parameters"] = len(content.get("results", []))
            out["pdf_bytes"], out["floor_pdf_bytes"] = len(pdf), len(floor_pdf)
            out["pages"], out["floor_pages"] = _pages(pdf), _pages(floor_pdf)
            out["html_chars"] = len(static_html)
            ours, floor, with_content = [], [], []
            for _ in range(3):  # warm-up: fonts, Pango, templates
                engine.render_pdf(reports.report_document(content))
                HTML(string=static_html).write_pdf()
            gc.collect()
            for _ in range(n):  # interleaved, so the machine's load falls on both alike
                started = time.perf_counter()
                engine.render_pdf(reports.report_document(content))
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                HTML(string=static_html).write_pdf()
                floor.append(time.perf_counter() - started)
            for _ in range(max(10, n // 4)):
                started = time.perf_counter()
                frozen = reports.report_content(
                    sample,
                    number="KQ-2026-99999",
                    version=1,
                    verification_code="BENCH-0000-0000",
                    issued_by=manager,
                )
                engine.render_pdf(reports.report_document(frozen))
                with_content.append(time.perf_counter() - started)
            raise Rollback
    except Rollback:
        pass
    out["engine"], out["floor"] = summary(ours), summary(floor)
    out["content_and_pdf"] = summary(with_content)
    out["ratio_p50"] = round(out["engine"]["p50_ms"] / out["floor"]["p50_ms"], 2)
    out["ratio_p95"] = round(out["engine"]["p95_ms"] / out["floor"]["p95_ms"], 2)
    log(
        f"report PDF: engine p50 {out['engine']['p50_ms']} / p95 {out['engine']['p95_ms']} ms; floor p50 "
        f"{out['floor']['p50_ms']} / p95 {out['floor']['p95_ms']} ms; ×{out['ratio_p95']} at p95; "
        f"{out['pages']} page(s)"
    )
    return out


# ------------------------------------------------------------------------------------------------ targets


def targets(results: dict) -> list[dict]:
    out = []
    pages = results.get("pages", {})
    if pages:
        worst = max(p["hoptac"]["p95_ms"] for p in pages.values())
        out.append({
            "name": "work-list pages p95",
            "target": f"≤ {TARGET_LIST_P95_MS:.0f} ms",
            "measured": ", ".join(f"{k}: {p['hoptac']['p95_ms']} ms" for k, p in pages.items()),
            "pass": worst <= TARGET_LIST_P95_MS,
        })  # fmt: skip
        out.append({
            "name": "constant query count (5 rows = 50 rows)",
            "target": "equal",
            "measured": ", ".join(f"{k}: {p['query_count']['5']} vs {p['query_count']['50']}" for k, p in pages.items()),
            "pass": all(len(set(p["query_count"].values())) == 1 for p in pages.values()),
        })  # fmt: skip
    pdf = results.get("pdf")
    if pdf:
        out.append({
            "name": "one-page report PDF p95",
            "target": f"≤ {TARGET_PDF_P95_MS:.0f} ms",
            "measured": f"{pdf['engine']['p95_ms']} ms ({pdf['parameters']} parameters, {pdf['pages']} page(s))",
            "pass": pdf["engine"]["p95_ms"] <= TARGET_PDF_P95_MS and pdf["pages"] in (1, None),
        })  # fmt: skip
        out.append({
            "name": "report PDF within 2× of WeasyPrint on static HTML",
            "target": f"≤ {TARGET_PDF_VS_FLOOR:.0f}×",
            "measured": f"{pdf['ratio_p95']}× at p95, {pdf['ratio_p50']}× at p50 "
            f"(floor p95 {pdf['floor']['p95_ms']} ms)",
            "pass": pdf["ratio_p95"] <= TARGET_PDF_VS_FLOOR,
        })  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lab", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 cooperatives and 20,000 samples")
    parser.add_argument("--cooperatives", type=int, default=FULL[0])
    parser.add_argument("--lab-samples", type=int, default=FULL[1], help="samples in the database")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--regenerate", action="store_true", help="load the data again even if present")
    parser.add_argument("--samples", type=int, default=PAGE_REQUESTS, help="timed requests per page (≥ 30)")
    parser.add_argument("--pdf-runs", type=int, default=PDF_RUNS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--no-pdf", action="store_true", help="the work lists only")
    args = parser.parse_args(argv)
    coops, samples = QUICK if args.quick else (args.cooperatives, args.lab_samples)
    began = time.perf_counter()
    log(f"database {LAB_DATABASE}: migrating")
    setup()
    from .registry import machine

    results: dict = {"quick": args.quick, "seed": args.seed, "machine": machine(), "database": LAB_DATABASE}
    results["data"] = load(coops, samples, args.seed, force=args.regenerate)
    results["data"]["distribution"] = distribution()
    staff = _staff()
    gc.collect()
    results["pages"] = bench_pages(staff, max(30, args.samples))
    if not args.no_pdf:
        results["pdf"] = bench_pdf(staff, max(30, args.pdf_runs))
        results["pdf_eight_parameters"] = bench_pdf(staff, 15, count=len(REPORT_VALUES))
    results["targets"] = targets(results)
    return database.finish_run(results, began=began, out=args.out, report=not args.no_report, log=log)


if __name__ == "__main__":
    sys.exit(main())
