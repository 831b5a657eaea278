"""``python -m bench.support``: support-request queues and creation at national scale (issue 4's targets).

On its own database (``hoptac_bench_support`` unless ``HOPTAC_BENCH_DATABASE`` says otherwise, so it never
truncates what the registry benchmark measures), with 100,000 cooperatives (``bench.generate``, loaded by COPY as
``bench.registry`` does) and 1,000,000 requests written by COPY in creation order over eight years: states by
age (recent requests open, older ones closed, declined or withdrawn), provinces as the cooperatives are spread,
three ways in (the cooperative online, the province, the institute), 41 institute staff as assignees.

Measured in one run, each through Django's test client against the real URLs (middleware, session, template):

a. the list page ``/yeu-cau/`` as the views render it: the coordinator's "Việc của tôi" (``xem=cua-toi``), the
   institute leader's intake queue (``xem=tiep-nhan``), the administrator's "Tất cả" with a state filter and a
   province filter, with a state filter only, with a category filter (``linh_vuc``) with and without a province,
   and with a search (``q=nuoc``); the coordinator's "Của tỉnh" with the overdue filter (``qua_han=1``); the
   "Việc của tôi" of a cooperative's representative and of an expert — p50/p95 and the query count at 5 and at
   50 rows a page; the request page and the figures page (``/yeu-cau/so-lieu/``, the current year): p50/p95 and
   their query count, no peer;
b. the peer: Django admin's changelist for SupportRequest (list_display of the same columns, list_filter state,
   category, province, search_fields number and title, ``list_per_page = HOPTAC_PAGE_SIZE``) on a private AdminSite, with the same filters,
   measured in the same run; throughput ratio = pages/s ours ÷ pages/s admin (sequential client, 1 / mean);
c. creating a request: ``workflow.create_request(submit=True)`` by a cooperative's representative (numbering,
   SLA due date, timeline, notifications and the e-mail job included), and a coordinator's entry.

When a target is missed, the plan of the slowest statement of that page is kept (EXPLAIN ANALYZE, BUFFERS).
Results: ``bench/results/support.json`` and the support section of ``docs/performance.md``.

    python -m bench.support --quick          # 10,000 cooperatives, 50,000 requests
    python -m bench.support                  # 100,000 and 1,000,000 (reuses the data when already loaded)
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
from pathlib import Path

from . import database, generate

SUPPORT_DATABASE = os.environ.get("HOPTAC_BENCH_DATABASE") or "hoptac_bench_support"
ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "support.json"
FULL = (100_000, 1_000_000)
QUICK = (10_000, 50_000)
SEED = 20260404
YEARS = 8
PAGE_REQUESTS = 60
CREATE_REQUESTS = 150
ADMIN_PREFIX = "bench-admin/"

TARGET_LIST_P95_MS = 150.0
TARGET_VS_ADMIN = 2.0
TARGET_CREATE_P95_MS = 100.0

_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[bench.support +{time.perf_counter() - _STARTED:6.1f}s] {message}", flush=True)


# ------------------------------------------------------------------------------------------------ setup


def setup() -> None:
    """Django on the support benchmark's database, with django.contrib.admin added for the peer."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.config.settings")
    from django.conf import settings

    if "django.contrib.admin" not in settings.INSTALLED_APPS:
        # The admin is not part of hoptac; the benchmark adds it (without autodiscovery) to measure the peer.
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django.contrib.admin.apps.SimpleAdminConfig"]
    database.BENCH_DATABASE = SUPPORT_DATABASE
    database.setup_bench_django(migrate=True)


def _users(coordinator_provinces, rep_cooperatives):
    """The people of the benchmark: admin, institute leader, 40 experts, a coordinator per province, and one
    representative for each of ``rep_cooperatives``. Created once (bulk), reused afterwards."""
    from django.contrib.contenttypes.models import ContentType

    from hoptac.accounts import roles
    from hoptac.accounts.models import Role, RoleAssignment, User
    from hoptac.places.models import Province
    from hoptac.registry.models import Cooperative

    from .registry import bench_admin

    admin = bench_admin()
    wanted = [("bench.leader", "Nguyễn Văn Viện", roles.INSTITUTE_LEADER, None)]
    wanted += [
        (f"bench.expert{i:02d}", f"Chuyên gia {i:02d}", roles.INSTITUTE_EXPERT, None) for i in range(40)
    ]
    province_type = ContentType.objects.get_for_model(Province)
    coop_type = ContentType.objects.get_for_model(Cooperative)
    wanted += [
        (
            f"bench.coord{p.code}",
            f"Điều phối {p.short_name}",
            roles.PROVINCIAL_COORDINATOR,
            (province_type, p.pk),
        )
        for p in coordinator_provinces
    ]
    wanted += [
        (f"bench.rep{pk}", f"Đại diện HTX {pk}", roles.COOPERATIVE_REPRESENTATIVE, (coop_type, pk))
        for pk in rep_cooperatives
    ]
    existing = set(User.objects.filter(username__startswith="bench.").values_list("username", flat=True))
    new = []
    for username, name, _role, _scope in wanted:
        if username not in existing:
            user = User(username=username, full_name=name, email=f"{username}@example.vn")
            user.set_unusable_password()
            user.refresh_derived()
            new.append(user)
    User.objects.bulk_create(new, batch_size=2000)
    ids = dict(User.objects.filter(username__startswith="bench.").values_list("username", "pk"))
    role_ids = dict(Role.objects.values_list("code", "pk"))
    have = set(RoleAssignment.objects.filter(user_id__in=ids.values()).values_list("user_id", "role_id"))
    grants = [
        RoleAssignment(
            user_id=ids[username], role_id=role_ids[role],
            scope_type=scope[0] if scope else None, scope_id=scope[1] if scope else None,
        )
        for username, _name, role, scope in wanted
        if (ids[username], role_ids[role]) not in have
    ]  # fmt: skip
    RoleAssignment.objects.bulk_create(grants, batch_size=2000)
    return admin, ids


# ------------------------------------------------------------------------------------------------ data


def _titles(rng: random.Random) -> list[tuple[str, str]]:
    """(category, title) pairs from the demo's vocabulary, formatted with varied crops and sizes."""
    from hoptac.support import demo

    crops = sorted({c for crops, _products in demo.PROFILES.values() for c in crops})
    products = sorted({p for _crops, products in demo.PROFILES.values() for p in products})
    pool = []
    for category, templates in demo.TITLES.items():
        for template in templates:
            for _ in range(25):
                pool.append(
                    (
                        str(category),
                        template.format(
                            n=rng.choice([2, 5, 8, 12, 20, 45]), crop=rng.choice(crops),
                            product=rng.choice(products), head=rng.choice([500, 800, 1200, 5000]),
                            m3=rng.choice([10, 20, 50]), year=rng.choice([2024, 2025, 2026]),
                            members=rng.randint(7, 300),
                        ),
                    )
                )  # fmt: skip
    return pool


RECENT_STATES = (
    ("draft", 6), ("submitted", 14), ("returned", 3), ("endorsed", 12), ("assigned", 12), ("in_progress", 30),
    ("resolved", 10), ("closed", 9), ("declined", 2), ("withdrawn", 2),
)  # fmt: skip
OLD_STATES = (("closed", 86), ("declined", 8), ("withdrawn", 4), ("draft", 1), ("in_progress", 1))
ONLINE_ONLY = {"draft", "submitted", "returned", "withdrawn"}


def request_rows(*, requests: int, cooperatives, names, reps, people, now: datetime, seed: int):
    """``requests`` rows for COPY, in creation order (numbers gap-free per year), and the counters reached.

    ``cooperatives``: [(pk, province_id)]; ``names``: {cooperative pk: name}, for ``search_text`` (computed as
    ``SupportRequest.refresh_derived`` does: the folded number, title and cooperative name); ``reps``: {cooperative pk: representative user id};
    ``people``: username → id. Due dates are approximated in calendar days (7 for a 5-working-day stage,
    42 for 30 working days): the benchmark needs their spread, not the holidays.
    """
    from django.utils import timezone

    from hoptac.core.text import fold

    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data
    pool = _titles(rng)
    rep_coops = sorted(reps)
    coop_province = dict(cooperatives)
    coop_ids = [pk for pk, _province in cooperatives]
    experts = [people[f"bench.expert{i:02d}"] for i in range(40)] + [people["bench.leader"]]
    leader = people["bench.leader"]
    coordinator_of = {
        province: people[username] for username, province in people["_coordinator_provinces"].items()
    }
    days = YEARS * 365
    first_day = timezone.localdate(now) - timedelta(days=days)
    weights = [1 + 2 * d / days for d in range(days + 1)]  # volume grows over the years
    scale = requests / sum(weights)
    counters: dict[int, int] = {}
    made, carry = 0, 0.0
    tz = timezone.get_current_timezone()
    recent_states, recent_weights = zip(*RECENT_STATES, strict=True)
    old_states, old_weights = zip(*OLD_STATES, strict=True)
    for offset, weight in enumerate(weights):
        carry += weight * scale
        count = int(carry) if offset < days else requests - made
        carry -= count
        count = min(count, requests - made)
        day = first_day + timedelta(days=offset)
        minutes = sorted(rng.randint(7 * 60, 17 * 60 + 30) for _ in range(count))
        age = days - offset
        for minute in minutes:
            created = datetime.combine(day, dtime(minute // 60, minute % 60, rng.randint(0, 59)), tzinfo=tz)
            if created > now:
                created = now - timedelta(seconds=rng.randint(60, 3600))
            roll = rng.random()
            channel = (
                "online"
                if roll < 0.4
                else "province"
                if roll < 0.75
                else rng.choice(["phone", "visit", "letter"])
            )
            if channel == "online":
                coop = rng.choice(rep_coops)
                creator = reps[coop]
            else:
                coop = rng.choice(coop_ids)
                creator = (
                    coordinator_of[coop_province[coop]]
                    if channel == "province"
                    else rng.choice([leader, *experts[:10]])
                )
            province = coop_province[coop]
            if age <= 45:
                state = rng.choices(recent_states, recent_weights)[0]
            else:
                state = rng.choices(old_states, old_weights)[0]
            if channel != "online" and state in ONLINE_ONLY:
                state = "endorsed" if age <= 45 else "closed"
            category, title = rng.choice(pool)
            number = None
            submitted = endorsed = accepted = started = resolved = closed = None
            endorsed_by = assignee = rating = due = None
            declined_by = reason = ""
            auto = on_behalf = False
            stage_started = None
            step = timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 6))
            if state != "draft" and not (state == "withdrawn" and rng.random() < 0.3):
                year = created.year
                counters[year] = counters.get(year, 0) + 1
                number = f"YC-{year}-{counters[year]:06d}"
                submitted = created
            if state in ("endorsed", "assigned", "in_progress", "resolved", "closed") or (
                state == "declined" and (channel != "online" or rng.random() < 0.6)
            ):
                endorsed = created if channel != "online" else created + step
                endorsed_by = creator if channel != "online" else coordinator_of[province]
            if state in ("assigned", "in_progress", "resolved", "closed"):
                accepted = (endorsed or created) + step
                assignee = rng.choice(experts)
            if state in ("in_progress", "resolved", "closed"):
                started = accepted + step
            if state in ("resolved", "closed"):
                resolved = started + timedelta(days=rng.randint(3, 40))
            if state == "resolved":  # within the auto-close window
                resolved = min(resolved, now - timedelta(hours=rng.randint(1, 300)))
                started = min(started, resolved)
                accepted = min(accepted, started)
            if state == "closed":
                auto = channel != "online" and rng.random() < 0.5
                rating = None if auto else rng.choices([5, 4, 3, 2, 1], [50, 32, 12, 4, 2])[0]
                closed = resolved + (timedelta(days=14, minutes=5) if auto else step)
            if state == "declined":
                declined_by = "institute" if endorsed else "province"
                reason = "Nội dung ngoài phạm vi hỗ trợ của chương trình năm nay."
                closed = (endorsed or created) + step
            stage_started = {
                "submitted": submitted, "endorsed": endorsed, "assigned": accepted, "in_progress": accepted,
            }.get(state)  # fmt: skip
            if stage_started is not None:
                due = timezone.localdate(stage_started) + timedelta(
                    days=42 if state in ("assigned", "in_progress") else 7
                )
            moments = [m for m in (created, submitted, endorsed, accepted, started, resolved, closed) if m]
            last = max(moments)
            if last > now:  # a recent request's later steps have not happened yet: keep them in the past
                shift = last - now + timedelta(minutes=rng.randint(5, 600))
                created, submitted, endorsed, accepted, started, resolved, closed = (
                    m - shift if m else None
                    for m in (created, submitted, endorsed, accepted, started, resolved, closed)
                )
                stage_started = stage_started - shift if stage_started else None
                last = last - shift
            made += 1
            yield (
                1, number, coop, province, category, title,
                "Hợp tác xã đề nghị Viện hỗ trợ; chi tiết trong hồ sơ kèm theo.", None, "normal", channel,
                "", "", state, creator, created, last, submitted, endorsed, endorsed_by, on_behalf, accepted,
                assignee, None, started, resolved,
                "Đã hoàn thành." if resolved else "", "", closed, auto, rating, "", declined_by, reason,
                stage_started, due, False, False,
                fold(" ".join(filter(None, [number, title, names[coop]]))),
            )  # fmt: skip
    request_rows.counters = counters  # type: ignore[attr-defined]


COPY_FIELDS = (
    "version", "number", "cooperative", "province", "category", "title", "description", "desired_date",
    "priority", "channel", "contact_name", "contact_phone", "state", "created_by", "created_at", "updated_at",
    "submitted_at", "endorsed_at", "endorsed_by", "endorsed_on_behalf", "accepted_at", "assignee",
    "assignee_unit", "started_at", "resolved_at", "outcome", "deliverables", "closed_at", "auto_closed",
    "rating", "rating_comment", "declined_by", "decline_reason", "stage_started_at", "due_date", "sla_warned",
    "sla_breach_notified", "search_text",
)  # fmt: skip


def load(coops: int, requests: int, seed: int, *, force: bool) -> dict:
    """Cooperatives and requests by COPY (reused when the database already holds exactly these counts)."""
    from django.db import connection
    from django.utils import timezone

    from hoptac.places.models import Province
    from hoptac.registry.models import Cooperative
    from hoptac.support.models import RequestCounter, SupportRequest

    from .registry import _copy, copy_rows

    database.assert_bench_database()
    have = (Cooperative.objects.count(), SupportRequest.objects.count())
    info: dict = {"cooperatives": coops, "requests": requests}
    if have == (coops, requests) and not force and SupportRequest.objects.filter(search_text="").exists():
        log("the loaded requests have no search_text (generated before it was computed): loading again")
        force = True
    if have == (coops, requests) and not force:
        log(f"reusing {coops:,} cooperatives and {requests:,} requests already in {SUPPORT_DATABASE}")
        info["reused"] = True
        return info
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE support_supportrequest, support_requestevent, support_comment, support_worklogentry, "
            "support_attachment, support_requestcounter, registry_cooperative RESTART IDENTITY CASCADE"
        )
    records = list(generate.generate(generate.load_places(), coops, seed))
    _copy(Cooperative._meta.db_table, copy_rows(records))
    del records
    info["cooperatives_seconds"] = round(time.perf_counter() - started, 1)
    log(f"{coops:,} cooperatives by COPY in {info['cooperatives_seconds']} s")

    cooperatives, names = [], {}
    for pk, province_id, name in Cooperative.objects.order_by("pk").values_list("pk", "province_id", "name"):
        cooperatives.append((pk, province_id))
        names[pk] = name
    rng = random.Random(seed + 7)  # noqa: S311
    rep_coops = sorted(rng.sample([pk for pk, _p in cooperatives], max(50, coops // 10)))
    provinces = list(Province.objects.order_by("code"))
    _admin, ids = _users(provinces, rep_coops)
    people = dict(ids)
    people["_coordinator_provinces"] = {f"bench.coord{p.code}": p.pk for p in provinces}
    reps = {pk: ids[f"bench.rep{pk}"] for pk in rep_coops}

    started = time.perf_counter()
    table = SupportRequest._meta.db_table
    columns = ", ".join(SupportRequest._meta.get_field(name).column for name in COPY_FIELDS)
    rows = request_rows(
        requests=requests,
        cooperatives=cooperatives,
        names=names,
        reps=reps,
        people=people,
        now=timezone.now(),
        seed=seed,
    )
    connection.ensure_connection()
    raw = connection.connection
    with raw.transaction(), raw.cursor() as cursor:
        # Synthetic history, not a user's change: no history rows, no per-row foreign-key trigger (the
        # generator only uses ids it read from the tables). Indexes and CHECK constraints stay in force.
        cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    counters = request_rows.counters  # type: ignore[attr-defined]
    RequestCounter.objects.bulk_create(
        [RequestCounter(year=y, last=n) for y, n in counters.items()],
        update_conflicts=True, unique_fields=["year"], update_fields=["last"],
    )  # fmt: skip
    info["requests_seconds"] = round(time.perf_counter() - started, 1)
    log(f"{requests:,} requests by COPY in {info['requests_seconds']} s (generation included)")
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(f"VACUUM ANALYZE {Cooperative._meta.db_table}")
    info["reused"] = False
    return info


def distribution() -> dict:
    from django.db.models import Count

    from hoptac.support.models import SupportRequest

    states = dict(SupportRequest.objects.order_by().values_list("state").annotate(n=Count("pk")))
    channels = dict(SupportRequest.objects.order_by().values_list("channel").annotate(n=Count("pk")))
    return {"states": states, "channels": channels}


# ------------------------------------------------------------------------------------------------ peer admin


def admin_urlconf():
    """A URLconf: hoptac's URLs plus a private AdminSite holding only SupportRequest."""
    import types

    from django.conf import settings
    from django.contrib import admin
    from django.urls import path

    from hoptac.config import urls as project_urls
    from hoptac.support.models import SupportRequest

    class BenchAdminSite(admin.AdminSite):
        site_header = "bench"

        def has_permission(self, request):
            return request.user.is_active and request.user.is_authenticated

    class SupportRequestAdmin(admin.ModelAdmin):
        # The columns of the product's list page, its filters, its page size.
        list_display = (
            "number", "title", "cooperative", "province", "category", "state", "due_date", "assignee",
        )  # fmt: skip
        list_filter = ("state", "category", "province")
        # What Django admin searches by default once search_fields is set: icontains on each field.
        search_fields = ("number", "title")
        list_per_page = settings.HOPTAC_PAGE_SIZE

        def has_view_permission(self, request, obj=None):
            return True

        def has_module_permission(self, request):
            return True

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

        def has_delete_permission(self, request, obj=None):
            return False

    site = BenchAdminSite(name="bench_admin")
    site.register(SupportRequest, SupportRequestAdmin)
    module = types.ModuleType("bench_support_urls")
    module.urlpatterns = [path(ADMIN_PREFIX, site.urls), *project_urls.urlpatterns]
    sys.modules[module.__name__] = module
    return module.__name__


# ------------------------------------------------------------------------------------------------ timing


def _time(client, url, params, n) -> list[float]:
    for _ in range(5):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
    out = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, params)
        out.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return out


def summary(seconds: list[float]) -> dict:
    from .registry import latency_summary

    result = latency_summary(seconds)
    result["pages_per_second"] = round(1 / statistics.fmean(seconds), 1)
    return result


def _slowest_statement(client, url, params) -> dict:
    queries = database.captured_queries(client, url, params)
    slowest = max(queries, key=lambda q: float(q["time"]))
    return {
        "ms": round(float(slowest["time"]) * 1000, 1),
        "sql": slowest["sql"],
        "plan": database.explain_analyze(slowest["sql"]),
    }


def scenarios(people) -> list[dict]:
    """The pages measured. A list page (``kind`` "list") has its admin equivalent (same filters, same page size);
    the request page and the figures page have no peer."""
    from django.db.models import Count
    from django.utils import timezone

    from hoptac.places.models import Province
    from hoptac.support.choices import STAGE_OF_STATE
    from hoptac.support.models import SupportRequest

    hanoi = Province.objects.get(code="01")
    busiest = (
        SupportRequest.objects.filter(state="in_progress")
        .order_by()
        .values_list("province_id", flat=True)
        .first()
    )
    today = timezone.localdate()
    rep_states = ("draft", "returned", "resolved")
    # The representative with the most work waiting (returned, resolved, drafts): the heaviest "Việc của tôi".
    rep_coop = (
        SupportRequest.objects.filter(
            cooperative_id__in=[
                int(u.removeprefix("bench.rep")) for u in people if u.startswith("bench.rep")
            ],
            state__in=rep_states,
        )
        .order_by()
        .values("cooperative_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "cooperative_id")
        .values_list("cooperative_id", flat=True)
        .first()
    )
    expert = people["bench.expert05"]
    detail = (
        SupportRequest.objects.filter(state="in_progress", province=hanoi)
        .order_by("-created_at", "-id")
        .first()
    )
    overdue_states = ",".join(STAGE_OF_STATE)
    return [
        {
            "name": "coordinator_my_work",
            "label": "Coordinator of Hà Nội, “Việc của tôi” (xem=cua-toi)",
            "user": people["bench.coord01"],
            "ours": {"xem": "cua-toi"},
            "admin": {"province__id__exact": hanoi.pk, "state__exact": "submitted"},
        },
        {
            "name": "leader_intake",
            "label": "Institute leader, intake queue (xem=tiep-nhan)",
            "user": people["bench.leader"],
            "ours": {"xem": "tiep-nhan"},
            "admin": {"state__exact": "endorsed"},
        },
        {
            "name": "admin_all_state_province",
            "label": "Administrator, “Tất cả”, state in progress, one province",
            "user": people["admin"],
            "ours": {"xem": "tat-ca", "trang_thai": "in_progress", "tinh": busiest},
            "admin": {"state__exact": "in_progress", "province__id__exact": busiest},
        },
        {
            "name": "admin_all_state_closed",
            "label": "Administrator, “Tất cả”, state closed (the largest state)",
            "user": people["admin"],
            "ours": {"xem": "tat-ca", "trang_thai": "closed"},
            "admin": {"state__exact": "closed"},
        },
        {
            "name": "admin_all_category",
            "label": "Administrator, “Tất cả”, category environment",
            "user": people["admin"],
            "ours": {"xem": "tat-ca", "linh_vuc": "environment"},
            "admin": {"category__exact": "environment"},
        },
        {
            "name": "admin_all_category_province",
            "label": "Administrator, “Tất cả”, category environment, one province",
            "user": people["admin"],
            "ours": {"xem": "tat-ca", "linh_vuc": "environment", "tinh": busiest},
            "admin": {"category__exact": "environment", "province__id__exact": busiest},
        },
        {
            "name": "coordinator_province_overdue",
            "label": "Coordinator of Hà Nội, “Của tỉnh”, overdue (xem=cua-tinh&qua_han=1)",
            "user": people["bench.coord01"],
            "ours": {"xem": "cua-tinh", "qua_han": "1"},
            "admin": {
                "province__id__exact": hanoi.pk,
                "state__in": overdue_states,
                "due_date__lt": today.isoformat(),
            },
        },
        {
            "name": "representative_my_work",
            "label": "Cooperative representative, “Việc của tôi” (the one with the most waiting)",
            "user": people[f"bench.rep{rep_coop}"],
            "ours": {"xem": "cua-toi"},
            "admin": {"cooperative__id__exact": rep_coop, "state__in": ",".join(rep_states)},
        },
        {
            "name": "expert_my_work",
            "label": "Institute expert, “Việc của tôi” (assigned and in progress)",
            "user": expert,
            "ours": {"xem": "cua-toi"},
            "admin": {"assignee__id__exact": expert, "state__in": "assigned,in_progress"},
        },
        {
            "name": "admin_search",
            "label": "Administrator, “Tất cả”, search “nuoc”",
            "user": people["admin"],
            "ours": {"xem": "tat-ca", "q": "nuoc"},
            "admin": {"q": "nuoc"},
            "search": "nuoc",
        },
        {
            "name": "request_detail",
            "kind": "page",
            "label": "Request page (administrator; the newest in-progress request of Hà Nội)",
            "user": people["admin"],
            "path": ("support:request_detail", detail.pk),
            "ours": {},
            "admin": None,
            "target_ms": TARGET_LIST_P95_MS,
        },
        {
            "name": "figures_current_year",
            "kind": "page",
            "label": f"Figures page, administrator, {today.year} to date (the default period)",
            "user": people["admin"],
            "path": ("support:statistics",),
            "ours": {},
            "admin": None,
        },
    ]


def _query_string(url: str, params: dict) -> str:
    return f"{url}?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else url


def _rows_found(user, scenario) -> dict:
    """For the search: rows matching in ours (capped count, as the page shows) and in the admin (icontains)."""
    from django.db.models import Q

    from hoptac.core.pagination import capped_count
    from hoptac.support import selectors, views
    from hoptac.support.models import SupportRequest

    filters = views._filters_from(scenario["ours"], views._queues_for(user))
    count, more = capped_count(selectors.request_queryset(user=user, filters=filters))
    word = scenario["search"]
    admin = SupportRequest.objects.filter(Q(number__icontains=word) | Q(title__icontains=word)).count()
    return {"hoptac": count, "hoptac_capped": more, "django_admin": admin}


def bench_pages(people, n: int) -> dict:
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from hoptac.accounts.models import User

    urlconf = admin_urlconf()
    results = {}
    with override_settings(ROOT_URLCONF=urlconf):
        list_url = reverse("support:request_list")
        admin_url = f"/{ADMIN_PREFIX}support/supportrequest/"
        for scenario in scenarios(people):
            user = User.objects.get(pk=scenario["user"])
            client = Client()
            client.force_login(user)
            kind = scenario.get("kind", "list")
            ours_url = (
                reverse(scenario["path"][0], args=scenario["path"][1:]) if "path" in scenario else list_url
            )
            ours = summary(_time(client, ours_url, scenario["ours"], n))
            entry = {
                "label": scenario["label"],
                "kind": kind,
                "user": user.username,
                "url": _query_string(ours_url, scenario["ours"]),
                "hoptac": ours,
            }
            target_ms = scenario.get("target_ms", TARGET_LIST_P95_MS if kind == "list" else None)
            if target_ms is not None:
                entry["target_p95_ms"] = target_ms
            missed = target_ms is not None and ours["p95_ms"] > target_ms
            if kind == "list":
                peer = summary(_time(client, admin_url, scenario["admin"], n))
                counts = {}
                for size in (5, 50):
                    with override_settings(HOPTAC_PAGE_SIZE=size):
                        counts[str(size)] = len(database.captured_queries(client, ours_url, scenario["ours"]))
                admin_queries = len(database.captured_queries(client, admin_url, scenario["admin"]))
                ratio = round(ours["pages_per_second"] / peer["pages_per_second"], 2)
                entry.update(
                    admin_url=_query_string(admin_url, scenario["admin"]),
                    django_admin={**peer, "queries": admin_queries},
                    query_count=counts,
                    throughput_ratio=ratio,
                )
                if "search" in scenario:
                    entry["rows_found"] = _rows_found(user, scenario)
                log(
                    f"{scenario['name']}: ours p50 {ours['p50_ms']} / p95 {ours['p95_ms']} ms, {counts} queries; "
                    f"admin p50 {peer['p50_ms']} / p95 {peer['p95_ms']} ms ({admin_queries} queries); ×{ratio}"
                )
                missed = missed or ratio < TARGET_VS_ADMIN
            else:
                entry["queries"] = len(database.captured_queries(client, ours_url, scenario["ours"]))
                log(
                    f"{scenario['name']}: p50 {ours['p50_ms']} / p95 {ours['p95_ms']} ms, "
                    f"{entry['queries']} queries"
                )
            if missed:
                entry["slowest_statement"] = _slowest_statement(client, ours_url, scenario["ours"])
                log(f"  slowest statement {entry['slowest_statement']['ms']} ms — plan kept in the results")
            results[scenario["name"]] = entry
    return results


def bench_create(people, n: int) -> dict:
    """create_request(submit=True) by representatives, and the coordinator's entry; rows removed afterwards."""
    from django.db import connection

    from hoptac.accounts.models import User
    from hoptac.registry.models import Cooperative
    from hoptac.support import workflow
    from hoptac.support.models import RequestCounter, SupportRequest

    reps = list(User.objects.filter(username__startswith="bench.rep").order_by("pk")[:n])
    coordinator = User.objects.get(pk=people["bench.coord01"])
    hanoi_coops = list(Cooperative.objects.filter(province__code="01").order_by("pk")[:n])
    max_pk = SupportRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    counters = dict(RequestCounter.objects.values_list("year", "last"))
    fields = {
        "category": "environment",
        "title": "Tư vấn lập hồ sơ đề nghị cấp giấy phép môi trường cho trại heo 800 con",
        "description": "Hợp tác xã cần hồ sơ môi trường trước khi mở rộng chuồng trại.",
        "priority": "normal",
    }
    results = {}
    for name, pairs in (
        (
            "representative_submits",
            [
                (rep, Cooperative.objects.get(pk=next(iter(rep.scope_ids("cooperative_representative")))))
                for rep in reps
            ],
        ),
        ("coordinator_enters", [(coordinator, coop) for coop in hanoi_coops]),
    ):
        timings = []
        for index, (actor, coop) in enumerate(pairs):
            actor = User.objects.get(pk=actor.pk)  # fresh roles, as a new web request would load them
            started = time.perf_counter()
            workflow.create_request(actor=actor, cooperative=coop, submit=True, **fields)
            elapsed = time.perf_counter() - started
            if index >= 5:
                timings.append(elapsed)
        results[name] = summary(timings)
        log(f"create ({name}): p50 {results[name]['p50_ms']} ms, p95 {results[name]['p95_ms']} ms")
    # Leave the data as generated, so the next run can reuse it.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM support_requestevent WHERE request_id > %s", [max_pk])
        cursor.execute("DELETE FROM support_supportrequest WHERE id > %s", [max_pk])
    for year, last in counters.items():
        RequestCounter.objects.filter(year=year).update(last=last)
    return results


# ------------------------------------------------------------------------------------------------ targets


def targets(results: dict) -> list[dict]:
    out = []
    everything = results.get("pages", {})
    pages = {k: p for k, p in everything.items() if p.get("kind", "list") == "list"}
    if pages:
        worst = max(pages.values(), key=lambda p: p["hoptac"]["p95_ms"])
        out.append({
            "name": "queue and list pages p95",
            "target": f"≤ {TARGET_LIST_P95_MS:.0f} ms",
            "measured": ", ".join(f"{k}: {p['hoptac']['p95_ms']} ms" for k, p in pages.items()),
            "pass": worst["hoptac"]["p95_ms"] <= TARGET_LIST_P95_MS,
        })  # fmt: skip
        constant = all(len(set(p["query_count"].values())) == 1 for p in pages.values())
        out.append({
            "name": "constant query count (5 rows = 50 rows)",
            "target": "equal",
            "measured": ", ".join(f"{k}: {p['query_count']['5']} vs {p['query_count']['50']}" for k, p in pages.items()),
            "pass": constant,
        })  # fmt: skip
        low = min(p["throughput_ratio"] for p in pages.values())
        out.append({
            "name": "throughput ≥ 2× Django admin changelist",
            "target": f"≥ {TARGET_VS_ADMIN:.0f}× on every page",
            "measured": ", ".join(f"{k}: {p['throughput_ratio']}×" for k, p in pages.items()),
            "pass": low >= TARGET_VS_ADMIN,
        })  # fmt: skip
    for name, page in everything.items():
        if page.get("kind") == "page" and page.get("target_p95_ms") is not None:
            out.append({
                "name": f"{name.replace('_', ' ')} p95 (no target in the issue; held to the list pages')",
                "target": f"≤ {page['target_p95_ms']:.0f} ms",
                "measured": f"{page['hoptac']['p95_ms']} ms",
                "pass": page["hoptac"]["p95_ms"] <= page["target_p95_ms"],
            })  # fmt: skip
    create = results.get("create", {})
    if create:
        worst = max(c["p95_ms"] for c in create.values())
        out.append({
            "name": "creating a request p95",
            "target": f"≤ {TARGET_CREATE_P95_MS:.0f} ms",
            "measured": ", ".join(f"{k}: {c['p95_ms']} ms" for k, c in create.items()),
            "pass": worst <= TARGET_CREATE_P95_MS,
        })  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.support", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 cooperatives and 50,000 requests")
    parser.add_argument("--cooperatives", type=int, default=FULL[0])
    parser.add_argument("--requests", type=int, default=FULL[1])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--regenerate", action="store_true", help="load the data again even if present")
    parser.add_argument("--samples", type=int, default=PAGE_REQUESTS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args(argv)
    coops, requests = QUICK if args.quick else (args.cooperatives, args.requests)
    began = time.perf_counter()
    log(f"database {SUPPORT_DATABASE}: migrating")
    setup()
    from .registry import machine

    results: dict = {"quick": args.quick, "seed": args.seed, "machine": machine()}
    results["data"] = load(coops, requests, args.seed, force=args.regenerate)
    results["data"]["distribution"] = distribution()
    from hoptac.accounts.models import User

    people = dict(User.objects.filter(username__startswith="bench.").values_list("username", "pk"))
    people["admin"] = people["bench.admin"]
    gc.collect()
    results["pages"] = bench_pages(people, args.samples)
    results["create"] = bench_create(people, CREATE_REQUESTS)
    results["targets"] = targets(results)
    return database.finish_run(results, began=began, out=args.out, report=not args.no_report, log=log)


if __name__ == "__main__":
    sys.exit(main())
