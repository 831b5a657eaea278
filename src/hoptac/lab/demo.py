"""A month of the testing center's work for ``hoptac demo_data``: sixty samples in every state.

Used after the demo cooperatives, people and support requests exist (``registry.demo``, ``accounts.demo``,
``support.demo``). Every sample goes through the real services — registered by the center's manager, received,
the regulation applied and frozen on it, results entered by an analyst and verified or returned by a different
reviewer, the test report issued (and one amended) — so the demo is as consistent as real work. Each step runs
on the demo's clock (the moment it would have happened over the last 30 days), so codes, custody, due dates,
review times and report dates read as a month of work, not as one afternoon.

What the center tests here: domestic wastewater after a farm's or a workshop's treatment (QCVN 14:2008/BTNMT
column B with K = 1.2), surface water for irrigation and ponds (QCVN 08:2023/BTNMT Table 2 graded, Table 1 for
metals), and drinking water from the cooperatives' own supply (QCVN 01-1:2018/BYT group A). Values are plausible
for each, with some exceedances, values below the detection limit ("<0,5") and "KPH".

Deterministic (fixed seed; dates relative to today) and idempotent: a sample is keyed by its sampling place,
which names a sampling point unique to the demo (NT-07, NM-12 …), so a second run writes nothing.
"""

from __future__ import annotations

import contextlib
import heapq
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from unittest import mock

from django.db import transaction
from django.utils import timezone

from hoptac.accounts import roles

from . import services
from .choices import Condition, SampleState
from .models import LimitSet, Matrix, Package, PackageParameter, Parameter, Sample, SampleParameter

SEED = 20261127
DAYS = 30

# The center's people: accounts.demo has one analyst (kiemnghiem), one reviewer (soatxet) and the manager
# (truongphongtn); a second analyst makes the work lists look like a team's.
MANAGER = "truongphongtn"
ANALYSTS = ("kiemnghiem", "phantich")
REVIEWER = "soatxet"
PEOPLE = [
    (
        "phantich",
        "Trịnh Thị Ngọc Ánh",
        "anh.ttn@vienkhcnmt.vn",
        "trung-tam-kiem-nghiem",
        "Kiểm nghiệm viên",
        [(roles.LAB_ANALYST, None)],
    ),
]
SAMPLERS = ["Phạm Văn Đức", "Trịnh Thị Ngọc Ánh", "Lê Quốc Khánh"]

PACKAGES = [
    # code, name, matrix, parameters, note
    (
        "nt-sinh-hoat-co-ban",
        "Nước thải sinh hoạt cơ bản",
        "domestic-wastewater",
        ["pH", "BOD5", "COD", "TSS", "NH4+-N", "COLIFORM"],
        "Các chỉ tiêu thường dùng để kiểm tra hệ thống xử lý nước thải trang trại, xưởng sơ chế.",
    ),
    (
        "nt-sinh-hoat-qcvn14",
        "Nước thải sinh hoạt theo QCVN 14:2008/BTNMT",
        "domestic-wastewater",
        ["pH", "BOD5", "TSS", "NH4+-N", "NO3--N", "PO43--P", "COLIFORM"],
        "Các chỉ tiêu có giới hạn trong QCVN 14:2008/BTNMT mà Trung tâm thử nghiệm được.",
    ),
    (
        "nuoc-mat-tuoi-tieu",
        "Nước mặt phục vụ tưới tiêu, nuôi trồng (QCVN 08:2023/BTNMT Bảng 2)",
        "surface-water",
        ["pH", "BOD5", "COD", "DO", "TSS", "COLIFORM"],
        "",
    ),
    (
        "nuoc-mat-kim-loai",
        "Nước mặt — kim loại nặng và dinh dưỡng (QCVN 08:2023/BTNMT Bảng 1)",
        "surface-water",
        ["NH4+-N", "NO2--N", "As", "Cd", "Pb", "Fe", "OIL-GREASE"],
        "",
    ),
    (
        "nuoc-sach-nhom-a",
        "Nước sạch sinh hoạt nhóm A (QCVN 01-1:2018/BYT)",
        "drinking-water",
        ["pH", "TURBIDITY", "COLOUR", "FREE-CL", "COLIFORM", "E-COLI", "As"],
        "Nhóm A: chỉ tiêu bắt buộc thử nghiệm định kỳ đối với đơn vị cấp nước.",
    ),
]

# What each kind of sample is judged against: (package, regulation code, limit set, K).
KINDS = {
    "wastewater": ("nt-sinh-hoat-co-ban", "QCVN 14:2008/BTNMT", "B", Decimal("1.2")),
    "wastewater_full": ("nt-sinh-hoat-qcvn14", "QCVN 14:2008/BTNMT", "B", Decimal("1.2")),
    "surface": ("nuoc-mat-tuoi-tieu", "QCVN 08:2023/BTNMT", "Bảng 2", Decimal("1")),
    "surface_metals": ("nuoc-mat-kim-loai", "QCVN 08:2023/BTNMT", "Bảng 1", Decimal("1")),
    "drinking": ("nuoc-sach-nhom-a", "QCVN 01-1:2018/BYT", "Nhóm A", Decimal("1")),
}
POINT_PREFIX = {
    "wastewater": "NT",
    "wastewater_full": "NT",
    "surface": "NM",
    "surface_metals": "NM",
    "drinking": "NC",
}
PLACES = {
    "wastewater": [
        "cống xả sau bể biogas, trại heo {head} con",
        "hố ga cuối hệ thống xử lý nước thải, xưởng sơ chế {product}",
        "đầu ra bể lắng sau khu rửa nguyên liệu",
        "mương thoát nước thải khu chuồng trại, cách cổng trại 20 m",
    ],
    "surface": [
        "kênh cấp nước tưới đầu mối, cánh đồng {crop}",
        "ao nuôi số {n} của tổ thành viên",
        "sông đoạn qua thôn {n}, cách cửa xả của hợp tác xã 50 m về hạ lưu",
        "hồ chứa nước tưới của hợp tác xã, điểm giữa hồ",
    ],
    "drinking": [
        "vòi nước sau bể lọc, trạm cấp nước sinh hoạt của hợp tác xã",
        "vòi cuối mạng, hộ thành viên ở thôn {n}",
        "bồn chứa nước rửa nguyên liệu, xưởng sơ chế {product}",
        "giếng khoan sau hệ thống lọc, điểm sơ chế {crop}",
    ],
}
PRODUCTS = ["cà phê", "tôm khô", "rau", "thanh long", "gạo", "dược liệu", "chả cá"]
CROPS = ["lúa", "rau an toàn", "cà phê", "thanh long", "bưởi da xanh", "chè"]

# (state reached, how many, age range in days when registered). "in_analysis_*" are the three ways a sample is in
# analysis: some results entered, all entered and waiting for review, one returned by the reviewer.
QUOTAS = [
    ("reported", 22, (9, 29)),
    ("results_verified", 6, (5, 14)),
    ("in_analysis_partial", 5, (2, 20)),
    ("in_analysis_entered", 4, (2, 9)),
    ("in_analysis_returned", 3, (3, 12)),
    ("received", 7, (0, 4)),
    ("registered", 8, (0, 3)),
    ("cancelled", 5, (1, 25)),
]
RETURN_REASONS = [
    "Kết quả lệch nhiều so với mẫu lặp; đề nghị phân tích lại.",
    "Chưa ghi độ không đảm bảo đo; kiểm tra lại đường chuẩn trước khi nhập lại.",
    "Giá trị bất thường so với các lần quan trắc trước của điểm này; đề nghị kiểm tra lại mẫu lưu.",
]
CANCEL_REASONS = [
    "Hợp tác xã đề nghị hủy do lùi lịch sản xuất sang quý sau.",
    "Mẫu bị vỡ chai trong quá trình vận chuyển; hợp tác xã sẽ gửi mẫu mới theo phiếu khác.",
    "Hợp tác xã đã thuê đơn vị quan trắc khác theo yêu cầu của bên thu mua.",
]
AMENDMENT_REASON = "Bổ sung tên người lấy mẫu và giờ lấy mẫu theo biên bản lấy mẫu hợp tác xã gửi lại; kết quả thử nghiệm không đổi."
METHODS = {"COLIFORM_MEMBRANE": "TCVN 6187-1:2019 (màng lọc)"}


@dataclass
class Entry:
    """One demo sample: who, where, what, which state it reaches and when each step happened."""

    index: int
    variant: str
    kind: str
    cooperative: object
    place: str
    registered: datetime
    bad: bool
    support_request: object | None = None
    amend: bool = False
    pinned: bool = False
    steps: dict[str, datetime] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------------ values


def _vn(value: float, digits: int) -> str:
    """A number as the analyst types it: decimal comma, no trailing zeros past what was measured."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",")


def _value(rng: random.Random, code: str, kind: str, bad: bool) -> tuple[str, str | None, str]:
    """(raw value, unit override or None, uncertainty) for one parameter of one kind of sample; ``bad`` makes an
    exceedance likely for the parameters a failing treatment or source would show."""
    wastewater = kind.startswith("wastewater")
    surface = kind.startswith("surface")
    r = rng.random()
    if code == "pH":
        if wastewater:
            return _vn(rng.uniform(9.2, 9.8) if bad and r < 0.2 else rng.uniform(6.6, 8.4), 1), None, "±0,1"
        if surface:
            return _vn(rng.uniform(5.4, 5.9) if bad and r < 0.2 else rng.uniform(6.3, 8.1), 1), None, "±0,1"
        return _vn(rng.uniform(6.6, 8.2), 1), None, "±0,1"
    if code == "BOD5":
        if wastewater:  # column B × 1.2 = 60 mg/L
            return _vn(rng.uniform(66, 110) if bad and r < 0.7 else rng.uniform(18, 56), 0), None, "±10%"
        return _vn(rng.uniform(11, 16) if bad and r < 0.5 else rng.uniform(2.4, 9.5), 1), None, "±10%"
    if code == "COD":
        if wastewater:
            return _vn(rng.uniform(130, 210) if bad else rng.uniform(40, 120), 0), None, "±10%"
        return _vn(rng.uniform(21, 34) if bad and r < 0.5 else rng.uniform(6, 19), 0), None, "±10%"
    if code == "TSS":
        if wastewater:  # 100 × 1.2 = 120
            return _vn(rng.uniform(125, 180) if bad and r < 0.4 else rng.uniform(28, 105), 0), None, "±8%"
        return _vn(rng.uniform(8, 70), 0), None, "±8%"
    if code == "DO":
        return _vn(rng.uniform(3.2, 3.9) if bad and r < 0.4 else rng.uniform(4.6, 7.4), 1), None, "±0,2"
    if code == "NH4+-N":
        if wastewater:  # 10 × 1.2 = 12
            return _vn(rng.uniform(13, 26) if bad and r < 0.6 else rng.uniform(1.8, 11), 1), None, "±12%"
        return (
            ("<0,02", None, "")
            if r < 0.2
            else (_vn(rng.uniform(0.35, 0.9) if bad else rng.uniform(0.04, 0.28), 2), None, "±12%")
        )
    if code == "NO3--N":
        return _vn(rng.uniform(2, 28), 1), None, "±12%"
    if code == "NO2--N":
        return ("<0,005", None, "") if r < 0.3 else (_vn(rng.uniform(0.006, 0.045), 3), None, "±15%")
    if code == "PO43--P":
        return _vn(rng.uniform(0.8, 7.5), 2), None, "±12%"
    if code == "COLIFORM":
        if wastewater:  # MPN/100 mL, column B 5000 (K does not apply)
            value = (
                rng.choice([2400, 4600, 9300, 11000])
                if bad and r < 0.5
                else rng.choice([430, 930, 1500, 2100, 2400, 4300])
            )
            return str(value), None, ""
        membrane = "CFU/100 mL"  # QCVN 08:2023 and 01-1:2018 count colonies on a membrane
        if surface:
            return (
                str(
                    rng.choice([8200, 9600])
                    if bad and r < 0.3
                    else rng.choice([240, 650, 1200, 2800, 4100, 6300])
                ),
                membrane,
                "",
            )
        return ("KPH", membrane, "") if not bad or r < 0.6 else (str(rng.choice([4, 7, 12])), membrane, "")
    if code == "E-COLI":
        return ("KPH", None, "") if not bad or r < 0.7 else (str(rng.choice([2, 3])), None, "")
    if code == "As":
        if bad and r < 0.5:
            return _vn(rng.uniform(0.012, 0.03), 3), None, "±15%"
        return ("<0,001", None, "") if r < 0.5 else (_vn(rng.uniform(0.001, 0.008), 3), None, "±15%")
    if code == "Cd":
        return "<0,0005", None, ""
    if code == "Pb":
        return ("KPH", None, "") if r < 0.5 else (_vn(rng.uniform(0.002, 0.015), 3), None, "±15%")
    if code == "Hg":
        return "<0,0005", None, ""
    if code == "Fe":
        return _vn(rng.uniform(0.55, 1.4) if bad and r < 0.5 else rng.uniform(0.08, 0.45), 2), None, "±10%"
    if code == "OIL-GREASE":
        return ("<0,5", None, "") if r < 0.6 else (_vn(rng.uniform(0.6, 3.5), 1), None, "±15%")
    if code == "TURBIDITY":
        return _vn(rng.uniform(2.3, 4.8) if bad and r < 0.4 else rng.uniform(0.2, 1.8), 1), None, "±0,1"
    if code == "COLOUR":
        return ("<5", None, "") if r < 0.6 else (str(rng.randint(5, 13)), None, "±1")
    if code == "FREE-CL":
        return _vn(rng.uniform(0.05, 0.15) if bad and r < 0.4 else rng.uniform(0.25, 0.8), 2), None, "±0,05"
    return _vn(rng.uniform(1, 10), 1), None, ""


# ------------------------------------------------------------------------------------------------ setup


def load_packages() -> list[Package]:
    """The demo's packages (keyed by code; an existing one is left as the center may have edited it)."""
    matrices = {m.code: m for m in Matrix.objects.all()}
    parameters = {p.code: p for p in Parameter.objects.all()}
    packages = []
    for position, (code, name, matrix, codes, note) in enumerate(PACKAGES):
        package, created = Package.objects.get_or_create(
            code=code,
            defaults={"name": name, "matrix": matrices[matrix], "note": note, "position": position},
        )
        if created:
            PackageParameter.objects.bulk_create(
                PackageParameter(package=package, parameter=parameters[c], position=i)
                for i, c in enumerate(codes)
            )
        packages.append(package)
    return packages


def _people() -> dict:
    from hoptac.accounts.models import User

    names = {MANAGER, REVIEWER, *ANALYSTS}
    people = {u.username: u for u in User.objects.filter(username__in=names)}
    missing = names - set(people)
    if missing:
        raise RuntimeError(f"demo lab users missing (load accounts.demo first): {sorted(missing)}")
    return people


def _represented() -> set[int]:
    """The cooperatives whose representative logs in (registry.demo)."""
    from hoptac.accounts.models import RoleAssignment

    return set(
        RoleAssignment.objects.filter(role__code=roles.COOPERATIVE_REPRESENTATIVE).values_list(
            "scope_id", flat=True
        )
    )


def _cooperatives(rng: random.Random) -> list:
    """The cooperatives the center works for: the three with a log-in (so their own view has samples) and farms,
    fisheries, water and produce cooperatives from every region."""
    from hoptac.registry.models import Cooperative

    represented = _represented()
    words = ("Nông nghiệp", "Thủy sản", "Cà phê", "Rau an toàn", "Môi trường", "Nông sản", "Dược liệu")
    pool = [
        c
        for c in Cooperative.objects.filter(legal_form="cooperative", status="active").order_by("tax_code")
        if any(w in c.name for w in words)
    ]
    chosen = [c for c in pool if c.pk in represented]
    others = [c for c in pool if c.pk not in represented]
    chosen += rng.sample(others, min(len(others), 26))
    return chosen


def _kind_for(rng: random.Random, cooperative) -> str:
    name = cooperative.name
    if "Môi trường" in name:
        return rng.choice(["drinking", "drinking", "wastewater"])
    if "Thủy sản" in name:
        return rng.choice(["surface", "surface", "surface_metals", "wastewater"])
    if "Rau an toàn" in name:
        return rng.choice(["surface", "surface_metals", "drinking"])
    return rng.choice(["wastewater", "wastewater", "wastewater_full", "surface", "drinking"])


def _office_moment(rng: random.Random, day) -> datetime:
    minutes = rng.randint(7 * 60 + 30, 16 * 60 + 30)
    return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))


def _quality_requests() -> list:
    """Quality-testing support requests whose work was accepted (the only ones a sample is registered from,
    :data:`hoptac.lab.integration.WORK_ACCEPTED_STATES`): some samples come from them."""
    from hoptac.support.choices import Category
    from hoptac.support.models import SupportRequest

    from .integration import WORK_ACCEPTED_STATES

    return list(
        SupportRequest.objects.filter(category=Category.QUALITY_TESTING, state__in=WORK_ACCEPTED_STATES)
        .select_related("cooperative")
        .order_by("number", "pk")[:12]
    )


def build_plan(now: datetime | None = None) -> list[Entry]:
    """The demo's samples, oldest first, with the moment of each step (all in the past, in office hours)."""
    now = now or timezone.now()
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
    cooperatives = _cooperatives(rng)
    requests = _quality_requests()
    today = timezone.localdate(now)
    entries: list[Entry] = []
    for variant, count, (oldest, youngest) in QUOTAS:
        for _ in range(count):
            age = rng.randint(min(oldest, youngest), max(oldest, youngest))
            day = today - timedelta(days=age)
            while day.weekday() == 6:  # the center is closed on Sundays
                day -= timedelta(days=1)
            registered = _office_moment(rng, day)
            if registered > now - timedelta(hours=2):
                registered = now - timedelta(hours=rng.randint(2, 5), minutes=rng.randint(0, 59))
            cooperative = rng.choice(cooperatives)
            entries.append(
                Entry(
                    index=0,
                    variant=variant,
                    kind=_kind_for(rng, cooperative),
                    cooperative=cooperative,
                    place="",
                    registered=registered,
                    bad=rng.random() < 0.3,
                )
            )
    entries.sort(key=lambda e: e.registered)
    # Requests of category quality testing become some of the older samples (the center took their samples).
    linkable = [e for e in entries if e.variant in ("reported", "results_verified", "in_analysis_partial")]
    for entry, request in zip(
        rng.sample(linkable, min(len(linkable), len(requests))), requests, strict=False
    ):
        entry.support_request, entry.cooperative = request, request.cooperative
        entry.kind = _kind_for(rng, request.cooperative)
    reported = [e for e in entries if e.variant == "reported"]
    if reported:
        reported[0].amend = True  # the oldest report is amended once (version 2)
    # The cooperatives with a log-in see their own samples: each gets a report, a sample in analysis and one just
    # received (whatever the draw gave them).
    represented = [c for c in cooperatives if c.pk in _represented()]
    for cooperative in represented:
        for variant in ("reported", "in_analysis_entered", "received"):
            free = [e for e in entries if e.variant == variant and e.support_request is None and not e.pinned]
            if free:
                entry = rng.choice(free)
                entry.cooperative, entry.kind, entry.pinned = cooperative, _kind_for(rng, cooperative), True
    points: Counter = Counter()
    for index, entry in enumerate(entries, start=1):
        entry.index = index
        prefix = POINT_PREFIX[entry.kind]
        points[prefix] += 1
        template = rng.choice(PLACES[entry.kind.split("_")[0]])
        where = template.format(
            head=rng.choice([300, 500, 800, 1200]),
            product=rng.choice(PRODUCTS),
            crop=rng.choice(CROPS),
            n=rng.randint(1, 9),
        )
        entry.place = f"Điểm {prefix}-{points[prefix]:02d}: {where}, {entry.cooperative.address}"[:300]
        _schedule(rng, entry, now)
    return entries


def _schedule(rng: random.Random, entry: Entry, now: datetime) -> None:
    """When each step happened: sampled and received the day of the order, results over the next working days,
    review the day after, the report the day after that — squeezed to fit before now."""
    start = entry.registered
    steps = {
        "registered": start,
        "sampled": start + timedelta(hours=rng.randint(1, 3)),
        "received": start + timedelta(hours=rng.randint(4, 6)),
        "entered": start + timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 3)),
        "entered_more": start + timedelta(days=rng.randint(6, 8)),
        "reviewed": start + timedelta(days=rng.randint(7, 9)),
        "reported": start + timedelta(days=rng.randint(9, 11)),
        "amended": start + timedelta(days=rng.randint(12, 14)),
        "cancelled": start + timedelta(days=rng.randint(0, 2), hours=2),
    }
    latest = now - timedelta(minutes=30)
    span = max(steps.values()) - start
    room = latest - start
    if span > room:  # a young sample: its steps happened faster
        factor = max(room, timedelta(minutes=10)) / span
        steps = {name: start + (moment - start) * factor for name, moment in steps.items()}
    entry.steps = steps


# ------------------------------------------------------------------------------------------------ services


@contextlib.contextmanager
def _clock(moment: datetime) -> Iterator[None]:
    """Run a service as if at ``moment`` (the services read ``timezone.now()``): the demo's month of work."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _reports_module():
    try:
        from . import reports
    except ImportError:
        return None
    return reports if hasattr(reports, "issue_report") else None


def _journey(entry: Entry, people: dict, limit_sets: dict, packages: dict) -> Iterator[datetime]:
    """One sample's way through the center, as the services take it. A generator: it yields the moment of its
    next step and runs that step when resumed (on the demo's clock), so :func:`load_samples` can run every
    sample's steps in the order they happened — codes and report numbers then follow the calendar."""
    rng = random.Random(SEED * 1000 + entry.index)  # noqa: S311 - one stream per sample: order-independent
    manager, reviewer = people[MANAGER], people[REVIEWER]
    analyst = people[ANALYSTS[entry.index % len(ANALYSTS)]]
    receiver = people[ANALYSTS[(entry.index + 1) % len(ANALYSTS)]]
    package_code, regulation, set_name, k = KINDS[entry.kind]
    package = packages[package_code]
    parameters = list(package.parameters.order_by("packageparameter__position"))
    if entry.kind == "wastewater" and rng.random() < 0.3:
        parameters.append(Parameter.objects.get(code="OIL-GREASE"))
    steps = entry.steps
    yield steps["registered"]
    sample = services.register_sample(
        actor=manager,
        cooperative=entry.cooperative if entry.support_request is None else None,
        support_request=entry.support_request,
        matrix=package.matrix,
        parameters=parameters,
        sampling_place=entry.place,
        sampled_at=None if entry.variant == "registered" and rng.random() < 0.5 else steps["sampled"],
        sampler=rng.choice(SAMPLERS),
    )
    services.apply_regulation(actor=manager, sample=sample, limit_set=limit_sets[(regulation, set_name)], k=k)
    if entry.variant == "cancelled":
        yield steps["cancelled"]
        services.cancel_sample(actor=manager, sample=sample, reason=rng.choice(CANCEL_REASONS))
        return
    if entry.variant == "registered":
        return
    condition, note = Condition.INTACT, ""
    if rng.random() < 0.08:
        condition = Condition.TEMPERATURE
        note = "Thùng bảo quản 9 °C khi nhận (yêu cầu ≤ 6 °C); hợp tác xã đồng ý tiếp tục phân tích."
    yield steps["received"]
    services.receive_sample(actor=receiver, sample=sample, condition=condition, condition_note=note)
    if entry.variant == "received":
        return
    requested = list(SampleParameter.objects.filter(sample=sample).select_related("parameter", "sample"))
    if entry.variant == "in_analysis_partial":
        requested = requested[: max(1, len(requested) // 2)]
    results = []
    # An analyst enters results as each test finishes: the quick ones first, the rest a few days later.
    for batch, when in ((requested[0::2], steps["entered"]), (requested[1::2], steps["entered_more"])):
        if not batch:
            continue
        yield min(when, steps["reviewed"])
        for sample_parameter in batch:
            code = sample_parameter.parameter.code
            raw, unit, uncertainty = _value(rng, code, entry.kind, entry.bad)
            method = METHODS["COLIFORM_MEMBRANE"] if unit == "CFU/100 mL" and code == "COLIFORM" else ""
            results.append(
                services.enter_result(
                    actor=analyst,
                    sample_parameter=sample_parameter,
                    value=raw,
                    unit=unit,
                    method=method,
                    uncertainty=uncertainty,
                )
            )
    if entry.variant in ("in_analysis_partial", "in_analysis_entered"):
        return
    yield steps["reviewed"] + timedelta(minutes=1)
    if entry.variant == "in_analysis_returned":
        services.verify_result(actor=reviewer, result=results[0])
        services.return_result(actor=reviewer, result=results[-1], reason=rng.choice(RETURN_REASONS))
        return
    for result in results:
        services.verify_result(actor=reviewer, result=result)
    reports = _reports_module()
    if entry.variant == "results_verified" or reports is None:
        if rng.random() < 0.5:
            _pay(entry, manager, sample)
        return
    yield steps["reported"]
    _pay(entry, manager, sample)
    reports.issue_report(actor=manager, sample=sample)
    if entry.amend and hasattr(reports, "start_amendment"):
        yield steps["amended"]
        reports.start_amendment(actor=manager, sample=sample, reason=AMENDMENT_REASON)
        reports.issue_report(actor=manager, sample=sample)


def _pay(entry: Entry, manager, sample: Sample) -> None:
    """The quote settled: waived for work under a support request (the programme pays), paid otherwise."""
    record = getattr(services, "record_payment", None)
    if record is None:
        return
    from .choices import PaymentStatus

    if entry.support_request is not None:
        record(
            actor=manager,
            sample=sample,
            status=PaymentStatus.WAIVED,
            note=f"Chương trình hỗ trợ hợp tác xã chi trả (yêu cầu {entry.support_request.number}).",
        )
    else:
        record(
            actor=manager, sample=sample, status=PaymentStatus.PAID, reference=f"PT-{entry.index:04d}/TTKN"
        )


def load_samples(now: datetime | None = None) -> list[Sample]:
    """Write the demo samples that are not there yet (keyed by sampling place); return the new ones.

    Every step of every sample runs in calendar order on the demo's clock, in one transaction."""
    plan = build_plan(now)
    existing = set(
        Sample.objects.filter(sampling_place__in=[e.place for e in plan]).values_list(
            "sampling_place", flat=True
        )
    )
    plan = [e for e in plan if e.place not in existing]
    if not plan:
        return []
    packages = {p.code: p for p in load_packages()}
    people = _people()
    limit_sets = {(s.regulation.code, s.name): s for s in LimitSet.objects.select_related("regulation")}
    waiting: list[tuple[datetime, int, Iterator[datetime]]] = []
    with transaction.atomic():
        for entry in plan:
            journey = _journey(entry, people, limit_sets, packages)
            heapq.heappush(waiting, (next(journey), entry.index, journey))
        while waiting:
            moment, index, journey = heapq.heappop(waiting)
            with _clock(moment):
                upcoming = next(journey, None)
            if upcoming is not None:
                heapq.heappush(waiting, (upcoming, index, journey))
    return list(Sample.objects.filter(sampling_place__in=[e.place for e in plan]).order_by("code"))


def summary() -> dict[str, int]:
    """Samples by state (all of them, not only the demo's), for the command's report."""
    counts = Counter(Sample.objects.values_list("state", flat=True))
    return {state: counts.get(state, 0) for state in SampleState.values}
