"""About 400 demo support requests in every state, over the past 18 months, with the people who handled them.

Used by ``hoptac demo_data`` after the demo cooperatives and people exist (``registry.demo``, ``accounts.demo``).

Who appears, and why the spread is what it is: requests a cooperative sends itself need a log-in for it, and only
three demo cooperatives have a representative (Đắk Lắk, Cà Mau, Hà Nội) — so drafts, returns, withdrawals,
ratings and the province's refusals all belong to those three. Their provinces' coordinators (Đắk Lắk, Cà Mau)
also enter requests for the other cooperatives of their province; Hà Nội has no coordinator, so its requests
are endorsed by the institute on the province's behalf. Everything else arrives at the institute by phone,
visit or letter, from every province. A cooperative without a log-in cannot confirm, so its resolved requests
close themselves after the configured days (as the product does).

Deterministic (fixed seed; dates relative to today) and idempotent: a request is keyed by its cooperative and
title, and a second run writes nothing. Most requests are written directly with bulk inserts, every field set
as the workflow would have left it (numbers from the year's counter, due dates from the SLA rules on the
working-day calendar, timeline events in order); a handful go through the real workflow services, so the demo
also proves the journey works end to end.
"""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .choices import (
    INSTITUTE_CHANNELS,
    STAGE_OF_STATE,
    Category,
    Channel,
    DeclinedBy,
    EventKind,
    Priority,
    State,
    WorkKind,
)
from .models import Comment, RequestEvent, SupportRequest, WorkLogEntry

SEED = 20260404
HISTORY_DAYS = 545  # 18 months

# The demo people (accounts.demo, registry.demo) by role in the support workflow.
LEADER = "vientruong"
EXPERT = "chuyengia"
LAB_ANALYST = "kiemnghiem"
LAB_MANAGER = "truongphongtn"
COORDINATORS = {"66": "dieuphoi.daklak", "96": "dieuphoi.camau"}
REPRESENTATIVES = {"66": "daidien.daklak", "96": "daidien.camau", "01": "daidien.hanoi"}

# (variant, how many) per way in. A variant is the state reached and, where it matters, how.
ONLINE_QUOTAS = [
    ("draft", 12), ("submitted", 15), ("returned", 10), ("withdrawn", 10), ("declined_province", 8),
    ("endorsed", 6), ("declined_institute", 2), ("assigned", 5), ("in_progress", 8), ("resolved", 10),
    ("closed_rated", 60), ("closed_auto", 4),
]  # fmt: skip
PROVINCE_QUOTAS = [
    ("endorsed", 8), ("declined_institute", 10), ("assigned", 8), ("in_progress", 12), ("resolved", 6),
    ("closed_auto", 46),
]  # fmt: skip
INSTITUTE_QUOTAS = [
    ("endorsed", 12), ("declined_institute", 10), ("assigned", 12), ("in_progress", 20), ("resolved", 7),
    ("closed_auto", 93),
]  # fmt: skip

# ------------------------------------------------------------------------------------------------ vocabulary

# What a cooperative grows or makes, from the words of its name (registry.demo's kinds).
PROFILES = {
    "Cà phê": (["cà phê", "hồ tiêu"], ["cà phê rang xay", "cà phê nhân xanh"]),
    "Thủy sản": (["tôm thẻ chân trắng", "cá tra", "cua biển"], ["tôm khô", "chả cá"]),
    "Rau an toàn": (["rau ăn lá", "dưa lưới", "cà chua"], ["rau an toàn", "dưa lưới"]),
    "Dược liệu": (["đinh lăng", "gừng", "sâm dây"], ["trà đinh lăng", "cao gừng"]),
    "Nông sản": (["lúa", "thanh long", "bưởi da xanh"], ["gạo thơm", "thanh long sấy dẻo"]),
    "Nông nghiệp": (["lúa", "thanh long", "sầu riêng", "bưởi da xanh", "chè"], ["gạo thơm", "chè búp khô"]),
    "Mây tre đan": ([], ["sản phẩm mây tre đan", "giỏ cói xuất khẩu"]),
    "Dệt thổ cẩm": ([], ["khăn thổ cẩm", "túi thổ cẩm"]),
}
FARMING = ("Cà phê", "Thủy sản", "Rau an toàn", "Dược liệu", "Nông sản", "Nông nghiệp")
CRAFT = ("Mây tre đan", "Dệt thổ cẩm")

TITLES = {
    Category.SCIENCE_CONSULTING: [
        "Tư vấn quy trình tưới nhỏ giọt tiết kiệm nước cho {n} ha {crop}",
        "Tư vấn kỹ thuật sấy lạnh bảo quản {crop} sau thu hoạch",
        "Tư vấn cải tạo đất bạc màu, chua phèn vùng trồng {crop}",
        "Tư vấn ứng dụng chế phẩm vi sinh ủ phụ phẩm {crop} làm phân hữu cơ",
        "Tư vấn quản lý dịch hại tổng hợp (IPM) trên {crop}",
    ],
    Category.TECHNOLOGY_TRANSFER: [
        "Chuyển giao công nghệ sản xuất phân bón hữu cơ vi sinh từ phụ phẩm {crop}",
        "Chuyển giao dây chuyền sơ chế, đóng gói {crop} đạt yêu cầu xuất khẩu",
        "Chuyển giao quy trình nhân giống {crop} sạch bệnh",
        "Chuyển giao máy sấy năng lượng mặt trời cho {crop}",
        "Chuyển giao hệ thống cảm biến độ ẩm đất và tưới tự động cho {n} ha {crop}",
    ],
    Category.ENVIRONMENT: [
        "Tư vấn lập hồ sơ đề nghị cấp giấy phép môi trường cho trại heo {head} con",
        "Hỗ trợ đăng ký môi trường cho cơ sở chăn nuôi gà {head} con",
        "Tư vấn thiết kế hệ thống xử lý nước thải sơ chế {crop} công suất {m3} m³/ngày",
        "Lập kế hoạch quản lý chất thải rắn tại xưởng chế biến {product}",
        "Hướng dẫn thu gom, lưu giữ bao bì thuốc bảo vệ thực vật sau sử dụng",
        "Tư vấn lập báo cáo công tác bảo vệ môi trường năm {year}",
    ],
    Category.QUALITY_TESTING: [
        "Kiểm nghiệm chất lượng nước giếng khoan phục vụ sơ chế {crop}",
        "Kiểm nghiệm dư lượng thuốc bảo vệ thực vật trong {crop} trước khi xuất bán",
        "Phân tích kim loại nặng trong đất vùng trồng {crop}",
        "Kiểm nghiệm chỉ tiêu vi sinh của sản phẩm {product}",
        "Kiểm nghiệm chất lượng {product} phục vụ hồ sơ OCOP",
    ],
    Category.CERTIFICATION: [
        "Hỗ trợ xây dựng hồ sơ chứng nhận VietGAP cho {n} ha {crop}",
        "Hỗ trợ chuẩn bị hồ sơ đánh giá, phân hạng sản phẩm OCOP {product}",
        "Tư vấn chuyển đổi sang sản xuất hữu cơ cho {n} ha {crop}",
        "Tư vấn cấp mã số vùng trồng {crop} phục vụ xuất khẩu",
        "Hỗ trợ nâng hạng sản phẩm OCOP {product} từ 3 sao lên 4 sao",
    ],
    Category.TRAINING: [
        "Tập huấn kỹ thuật canh tác {crop} theo hướng hữu cơ cho thành viên",
        "Tập huấn sử dụng thuốc bảo vệ thực vật an toàn cho {members} thành viên",
        "Đào tạo ghi chép nhật ký sản xuất theo VietGAP",
        "Tập huấn an toàn thực phẩm cho tổ sơ chế, đóng gói",
        "Tập huấn quản lý tài chính, kế toán cho ban quản trị hợp tác xã",
    ],
    Category.DIGITAL: [
        "Hỗ trợ xây dựng hệ thống truy xuất nguồn gốc bằng mã QR cho {product}",
        "Hỗ trợ đưa sản phẩm {product} lên sàn thương mại điện tử",
        "Tư vấn phần mềm quản lý thành viên và kế toán hợp tác xã",
        "Hỗ trợ số hóa nhật ký canh tác trên điện thoại cho thành viên",
    ],
    Category.OTHER: [
        "Tư vấn xây dựng phương án sản xuất kinh doanh giai đoạn 2026–2030",
        "Hỗ trợ kết nối tiêu thụ {product} với doanh nghiệp chế biến",
        "Tư vấn tiếp cận vốn vay ưu đãi đầu tư kho lạnh bảo quản {product}",
    ],
}
# Cooperatives that neither farm nor weave: what they plausibly ask for.
SERVICE_TITLES = {
    Category.ENVIRONMENT: [
        "Tư vấn quản lý dầu nhớt thải tại xưởng bảo dưỡng xe của hợp tác xã",
        "Tư vấn lập hồ sơ môi trường cho điểm tập kết rác thải sinh hoạt",
        "Hướng dẫn phân loại chất thải nguy hại tại bãi tập kết vật liệu xây dựng",
        "Tư vấn lập báo cáo công tác bảo vệ môi trường năm {year}",
    ],
    Category.QUALITY_TESTING: [
        "Quan trắc chất lượng không khí, tiếng ồn tại bãi tập kết",
        "Kiểm nghiệm chất lượng nước cấp sinh hoạt cho {members} hộ thành viên",
    ],
    Category.DIGITAL: TITLES[Category.DIGITAL][2:],
    Category.TRAINING: TITLES[Category.TRAINING][4:],
    Category.OTHER: TITLES[Category.OTHER][:1],
}
CRAFT_TITLES = {
    Category.TECHNOLOGY_TRANSFER: [
        "Chuyển giao công nghệ xử lý chống mốc cho nguyên liệu mây, tre, cói",
        "Chuyển giao quy trình nhuộm màu tự nhiên từ lá rừng",
    ],
    Category.ENVIRONMENT: ["Tư vấn xử lý nước thải từ công đoạn nhuộm sợi, luộc mây"],
    Category.CERTIFICATION: TITLES[Category.CERTIFICATION][1:2] + TITLES[Category.CERTIFICATION][4:],
    Category.DIGITAL: TITLES[Category.DIGITAL][:2],
    Category.TRAINING: TITLES[Category.TRAINING][4:],
    Category.OTHER: TITLES[Category.OTHER][1:2],
}
CATEGORY_WEIGHTS = {
    Category.SCIENCE_CONSULTING: 14, Category.TECHNOLOGY_TRANSFER: 12, Category.ENVIRONMENT: 20,
    Category.QUALITY_TESTING: 18, Category.CERTIFICATION: 16, Category.TRAINING: 9, Category.DIGITAL: 7,
    Category.OTHER: 4,
}  # fmt: skip

NEEDS = {
    Category.SCIENCE_CONSULTING: "Năng suất mấy vụ gần đây giảm, thành viên chưa có quy trình kỹ thuật thống nhất.",
    Category.TECHNOLOGY_TRANSFER: "Hợp tác xã đã có mặt bằng và một phần vốn đối ứng, cần đơn vị chuyển giao và hướng dẫn vận hành.",
    Category.ENVIRONMENT: "Cơ quan quản lý môi trường ở xã đã nhắc hợp tác xã hoàn thiện hồ sơ theo Luật Bảo vệ môi trường 2020.",
    Category.QUALITY_TESTING: "Bên thu mua yêu cầu phiếu kết quả thử nghiệm còn hiệu lực trước khi ký hợp đồng vụ tới.",
    Category.CERTIFICATION: "Hợp tác xã đã ghi chép nhật ký sản xuất nhưng chưa biết chuẩn bị hồ sơ và tự đánh giá thế nào.",
    Category.TRAINING: "Nhiều thành viên mới vào, chưa nắm kỹ thuật và quy định của hợp tác xã.",
    Category.DIGITAL: "Sổ sách đang ghi tay và trên Zalo, khó tổng hợp khi khách hàng hỏi nguồn gốc.",
    Category.OTHER: "Ban quản trị cần ý kiến chuyên môn trước khi trình đại hội thành viên.",
}
ASKS = [
    "Đề nghị Viện cử chuyên gia xuống khảo sát và hướng dẫn.",
    "Mong Viện hỗ trợ trong quý này để kịp mùa vụ.",
    "Hợp tác xã sẵn sàng bố trí người phối hợp và cung cấp số liệu.",
    "Xin Viện tư vấn phương án phù hợp với điều kiện của hợp tác xã.",
]
OUTCOMES = {
    Category.SCIENCE_CONSULTING: "Đã khảo sát thực địa, xây dựng quy trình kỹ thuật và hướng dẫn tổ kỹ thuật áp dụng thử trên diện tích mẫu.",
    Category.TECHNOLOGY_TRANSFER: "Đã lắp đặt, chạy thử và bàn giao; hướng dẫn vận hành cho tổ kỹ thuật của hợp tác xã.",
    Category.ENVIRONMENT: "Đã hoàn thiện hồ sơ môi trường và hướng dẫn hợp tác xã nộp cơ quan có thẩm quyền; kèm sổ theo dõi chất thải.",
    Category.QUALITY_TESTING: "Đã lấy mẫu, phân tích và trả phiếu kết quả thử nghiệm; các chỉ tiêu đạt giới hạn cho phép.",
    Category.CERTIFICATION: "Đã rà soát điều kiện sản xuất, hoàn thiện bộ hồ sơ và tổ chức đánh giá nội bộ trước khi đăng ký chứng nhận.",
    Category.TRAINING: "Đã tổ chức lớp tập huấn tại hợp tác xã, phát tài liệu và hướng dẫn thực hành trên đồng ruộng.",
    Category.DIGITAL: "Đã cài đặt, nhập dữ liệu ban đầu và hướng dẫn cán bộ hợp tác xã sử dụng trên điện thoại.",
    Category.OTHER: "Đã làm việc với ban quản trị và gửi văn bản tư vấn kèm phương án đề xuất.",
}
DELIVERABLES = {
    Category.SCIENCE_CONSULTING: "Quy trình kỹ thuật (bản in và bản điện tử); biên bản khảo sát.",
    Category.TECHNOLOGY_TRANSFER: "Biên bản bàn giao thiết bị; tài liệu hướng dẫn vận hành, bảo dưỡng.",
    Category.ENVIRONMENT: "Bộ hồ sơ môi trường; sơ đồ thu gom, xử lý chất thải; biên bản làm việc.",
    Category.QUALITY_TESTING: "Phiếu kết quả thử nghiệm; biên bản lấy mẫu.",
    Category.CERTIFICATION: "Bộ hồ sơ chứng nhận; mẫu nhật ký sản xuất; biên bản đánh giá nội bộ.",
    Category.TRAINING: "Tài liệu tập huấn; danh sách học viên; ảnh lớp học.",
    Category.DIGITAL: "Tài khoản quản trị; hướng dẫn sử dụng; bộ mã QR đã in.",
    Category.OTHER: "Văn bản tư vấn; phương án đề xuất.",
}
RETURN_REASONS = [
    "Đề nghị hợp tác xã bổ sung diện tích, sản lượng và số hộ tham gia.",
    "Hồ sơ chưa ghi rõ địa điểm cơ sở sản xuất; đề nghị bổ sung.",
    "Đề nghị bổ sung số điện thoại người liên hệ và thời gian có thể đón đoàn khảo sát.",
    "Nội dung đề nghị còn chung chung; hợp tác xã mô tả cụ thể vấn đề đang gặp.",
]
PROVINCE_DECLINE_REASONS = [
    "Nội dung đã được Sở Nông nghiệp và Môi trường hỗ trợ trong năm nay, không đề nghị trùng lặp.",
    "Hợp tác xã đang tạm ngừng hoạt động, chưa đủ điều kiện đề nghị hỗ trợ.",
    "Đề nghị thuộc chương trình khuyến nông của tỉnh; Liên minh HTX tỉnh đã hướng dẫn hợp tác xã đăng ký.",
]
INSTITUTE_DECLINE_REASONS = [
    "Nội dung ngoài lĩnh vực chuyên môn của Viện; đã giới thiệu hợp tác xã đến đơn vị phù hợp.",
    "Kinh phí hỗ trợ năm nay đã phân bổ hết; đề nghị hợp tác xã gửi lại vào đầu năm sau.",
    "Yêu cầu trùng với yêu cầu đang thực hiện cho cùng hợp tác xã.",
]
WITHDRAW_REASONS = [
    "Hợp tác xã đã tự thuê đơn vị tư vấn.",
    "Hợp tác xã thay đổi kế hoạch sản xuất, chưa cần hỗ trợ.",
    "Gửi nhầm, sẽ gửi lại yêu cầu khác.",
    "",
]
RATING_COMMENTS = {
    5: ["Chuyên gia nhiệt tình, hướng dẫn dễ hiểu. Cảm ơn Viện.", "Hồ sơ làm nhanh, đúng hẹn.", ""],
    4: [
        "Kết quả tốt, nhưng lịch khảo sát bị lùi một tuần.",
        "Hài lòng, mong Viện hỗ trợ tiếp giai đoạn sau.",
        "",
    ],
    3: ["Đạt yêu cầu, tài liệu còn nhiều thuật ngữ khó hiểu với bà con.", ""],
    2: ["Thời gian chờ kết quả lâu hơn dự kiến."],
    1: ["Chưa giải quyết được vấn đề của hợp tác xã."],
}
PUBLIC_COMMENTS = {
    "representative": [
        "Hợp tác xã gửi thêm ảnh hiện trạng khu sơ chế.",
        "Tuần sau thành viên thu hoạch, mong Viện sắp xếp xuống sớm.",
        "Cho hỏi khi nào có lịch khảo sát ạ?",
        "Hợp tác xã đã chuẩn bị mặt bằng và danh sách thành viên tham gia.",
    ],
    "staff": [
        "Đoàn sẽ xuống làm việc sáng thứ Năm tuần này, đề nghị hợp tác xã bố trí người đón.",
        "Đã nhận đủ thông tin, Viện đang bố trí chuyên gia.",
        "Đề nghị hợp tác xã chuẩn bị sổ ghi chép sản xuất của vụ gần nhất.",
        "Đã gọi điện cho chủ nhiệm hợp tác xã để thống nhất nội dung.",
    ],
}
INTERNAL_NOTES = [
    "Hợp tác xã này đã được hỗ trợ năm trước, ưu tiên xử lý nhanh.",
    "Cần phối hợp với Trung tâm MT&KNCL để lấy mẫu trong cùng chuyến đi.",
    "Chủ nhiệm mới thay, liên hệ qua phó chủ nhiệm.",
    "Đề xuất ghép chuyến khảo sát với yêu cầu khác cùng tỉnh để tiết kiệm kinh phí.",
    "Kinh phí lấy từ nhiệm vụ hỗ trợ kỹ thuật năm nay.",
]
WORK = {
    WorkKind.VISIT: ["Khảo sát hiện trạng tại hợp tác xã", "Làm việc với ban quản trị và tổ kỹ thuật"],
    WorkKind.CONSULTATION: [
        "Tư vấn qua điện thoại cho chủ nhiệm hợp tác xã",
        "Họp trực tuyến thống nhất phương án",
    ],
    WorkKind.DOCUMENT: ["Soạn dự thảo hồ sơ", "Chỉnh sửa hồ sơ theo góp ý của hợp tác xã"],
    WorkKind.TESTING: ["Lấy mẫu tại hiện trường", "Phân tích mẫu tại phòng thử nghiệm"],
    WorkKind.TRAINING: ["Chuẩn bị tài liệu tập huấn", "Đứng lớp tập huấn tại hợp tác xã"],
}
WORK_KINDS = {
    Category.QUALITY_TESTING: [WorkKind.TESTING, WorkKind.TESTING, WorkKind.VISIT, WorkKind.DOCUMENT],
    Category.TRAINING: [WorkKind.TRAINING, WorkKind.TRAINING, WorkKind.VISIT],
    Category.ENVIRONMENT: [WorkKind.VISIT, WorkKind.DOCUMENT, WorkKind.DOCUMENT, WorkKind.CONSULTATION],
    Category.CERTIFICATION: [WorkKind.VISIT, WorkKind.DOCUMENT, WorkKind.CONSULTATION],
}
DEFAULT_WORK_KINDS = [WorkKind.VISIT, WorkKind.CONSULTATION, WorkKind.DOCUMENT]
CONTACTS = ["Nguyễn Văn Tâm", "Trần Thị Hoa", "Lê Văn Sáu", "Phạm Thị Thu", "H'Bia Niê", "Thạch Văn Sơn"]


# ------------------------------------------------------------------------------------------------ the plan


@dataclass
class Plan:
    """One request as the workflow would have left it, with its timeline, conversation and work log."""

    request: SupportRequest
    events: list[RequestEvent] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    work: list[WorkLogEntry] = field(default_factory=list)


class _Clock:
    """Office-hour moments on working days, walking forward from a start (the demo's timelines)."""

    def __init__(self, calendar, rng: random.Random, now: datetime):
        self.calendar, self.rng, self.now = calendar, rng, now

    def at(self, day: date, earliest: time = time(7, 30)) -> datetime:
        start = max(earliest.hour * 60 + earliest.minute, 7 * 60 + 30)
        minutes = self.rng.randint(start, max(start, 17 * 60))
        return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))

    def after(self, moment: datetime, working_days: int) -> datetime:
        """A moment ``working_days`` working days after ``moment`` (0: later the same day, or the next one)."""
        local = timezone.localtime(moment)
        if working_days == 0 and local.hour < 16:
            later = local + timedelta(minutes=self.rng.randint(20, 90))
            return later
        day = self.calendar.add_working_days(local.date(), max(working_days, 1))
        return self.at(day)

    def working_day_on_or_before(self, day: date) -> date:
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day


def _subject(cooperative) -> tuple[str, list[str], list[str]]:
    for word, (crops, products) in PROFILES.items():
        if word in cooperative.name:
            return ("craft" if word in CRAFT else "farm"), crops, products
    return "service", [], []


def _title(rng: random.Random, category: str, cooperative, used: set) -> str:
    kind, crops, products = _subject(cooperative)
    templates = {"farm": TITLES, "craft": CRAFT_TITLES, "service": SERVICE_TITLES}[kind].get(category) or [
        *TITLES[Category.TRAINING][4:],
        *TITLES[Category.DIGITAL][2:],
    ]
    for attempt in range(12):
        title = rng.choice(templates).format(
            n=rng.choice([2, 3, 5, 8, 12, 15, 20, 30, 45]),
            crop=rng.choice(crops or ["lúa"]),
            product=rng.choice(products or ["sản phẩm của hợp tác xã"]),
            head=rng.choice([300, 500, 800, 1200, 2000])
            if "heo" in templates[0]
            else rng.choice([5000, 10000]),
            m3=rng.choice([10, 20, 30, 50]),
            year=rng.choice([2025, 2026]),
            members=cooperative.member_count or 20,
        )
        if attempt > 8:
            title = f"{title} (lần {attempt - 7})"
        if (cooperative.pk, title) not in used:
            used.add((cooperative.pk, title))
            return title
    raise RuntimeError("no free demo title")  # pragma: no cover - twelve tries always find one


def _category(rng: random.Random, cooperative) -> str:
    kind = _subject(cooperative)[0]
    allowed = {"farm": TITLES, "craft": CRAFT_TITLES, "service": SERVICE_TITLES}[kind]
    weights = {c: w for c, w in CATEGORY_WEIGHTS.items() if c in allowed}
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _description(rng: random.Random, category: str, cooperative) -> str:
    members = cooperative.member_count or 20
    return f"{cooperative.name} có {members} thành viên. {NEEDS[category]} {rng.choice(ASKS)}"


class _Builder:
    def __init__(self, *, people, cooperatives, rng, now, calendar, used_titles):
        self.people, self.rng, self.now = people, rng, now
        self.clock = _Clock(calendar, rng, now)
        self.calendar = calendar
        self.used_titles = used_titles
        self.cooperatives = cooperatives
        self._sla: dict[tuple[str, str], int] = {}

    # -- SLA, as workflow._enter_stage computes it
    def due(self, request: SupportRequest) -> date | None:
        from .workflow import sla_days

        stage = STAGE_OF_STATE.get(request.state)
        if stage is None:
            return None
        key = (request.category, stage)
        if key not in self._sla:
            self._sla[key] = sla_days(request.category, stage)
        return self.calendar.add_working_days(timezone.localdate(request.stage_started_at), self._sla[key])

    def assignee_for(self, category: str):
        p, roll = self.people, self.rng.random()
        if category == Category.QUALITY_TESTING:
            return (p[LAB_ANALYST] if roll < 0.8 else p[LAB_MANAGER]), p[LAB_ANALYST].unit
        if category == Category.ENVIRONMENT and roll < 0.4:
            return p[LAB_MANAGER], None  # the centre is also the institute's environment unit
        if category in (Category.DIGITAL, Category.OTHER) and roll < 0.3:
            return p[LEADER], None
        return p[EXPERT], None

    # How long ago (calendar days) the request's last activity is: recent for open states (a resolved request
    # younger than the auto-close delay, a submission around its 5-day deadline), any time for finished ones.
    LAST_ACTIVITY = {
        "draft": (1, 40),
        "submitted": (0, 10),
        "returned": (1, 30),
        "endorsed": (0, 12),
        "assigned": (1, 30),
        "in_progress": (1, 60),
        "resolved": (0, 12),
    }

    def _place_in_time(self, plan: Plan, variant: str) -> None:
        """Move the whole timeline by whole weeks (weekdays kept) so its last activity is as old as the state
        suggests and its first stays within the 18 months."""
        r, now = plan.request, self.now
        moments = [e.at for e in plan.events] + [w.created_at for w in plan.work]
        first, latest = min(moments), max(moments)
        age = (now - latest).total_seconds() / 86400
        low, high = self.LAST_ACTIVITY.get(variant, (1, HISTORY_DAYS - (latest - first).days))
        weeks = round((self.rng.uniform(low, max(low, high)) - age) / 7)
        floor = max(low, 0.01)
        while age + 7 * weeks < floor:
            weeks += 1
        while age + 7 * weeks > high and age + 7 * (weeks - 1) >= floor:
            weeks -= 1
        while weeks > 0 and (now - first).days + 7 * weeks > HISTORY_DAYS:
            weeks -= 1
        shift = timedelta(days=7 * weeks)
        if not weeks:
            return
        for name in ("created_at", "updated_at", "submitted_at", "endorsed_at", "accepted_at", "started_at",
                     "resolved_at", "closed_at", "stage_started_at", "desired_date"):  # fmt: skip
            value = getattr(r, name)
            if value is not None:
                setattr(r, name, value - shift)
        for e in plan.events:
            e.at -= shift
        for w in plan.work:
            w.created_at -= shift
            w.date -= shift

    def plan(self, variant: str, cooperative, channel: str, creator, coordinator) -> Plan:
        rng, clock, p = self.rng, self.clock, self.people
        category = _category(rng, cooperative)
        # Built forward from 200 days ago, then moved in time as a whole (``_place_in_time``).
        start_day = clock.working_day_on_or_before((self.now - timedelta(days=200)).date())
        t = clock.at(start_day)
        r = SupportRequest(
            cooperative=cooperative,
            province_id=cooperative.province_id,
            category=category,
            title=_title(rng, category, cooperative, self.used_titles),
            description=_description(rng, category, cooperative),
            priority=rng.choices(
                [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT], weights=[10, 65, 20, 5]
            )[0],
            channel=channel,
            contact_name=cooperative.representative or rng.choice(CONTACTS),
            contact_phone=cooperative.phone or "",
            created_by=creator,
            created_at=t,
            state=State.DRAFT,
        )
        if rng.random() < 0.4:
            r.desired_date = timezone.localdate(t) + timedelta(days=rng.choice([30, 45, 60, 90]))
        plan = Plan(r)
        transitions = 0

        def event(kind, to_state, actor, at, note="", internal=False, from_state=None):
            nonlocal transitions
            plan.events.append(
                RequestEvent(
                    request=r, kind=kind, from_state=r.state if from_state is None else from_state,
                    to_state=to_state, actor=actor, at=at, note=note, internal=internal,
                )
            )  # fmt: skip
            r.state = to_state
            r.updated_at = at
            if kind not in (EventKind.CREATED,):
                transitions += 1
            if kind not in (EventKind.STARTED, EventKind.REASSIGNED, EventKind.CREATED):
                r.stage_started_at = at

        def done() -> Plan:
            self._place_in_time(plan, variant)
            r.version = 1 + transitions
            r.due_date = self.due(r)
            if r.due_date is not None:
                today = timezone.localdate(self.now)
                r.sla_warned = r.due_date <= self.calendar.add_working_days(today, 1)
                r.sla_breach_notified = r.due_date < today
            self._conversation(plan, coordinator)
            return plan

        # -- intake
        if channel == Channel.ONLINE:
            stays_draft = variant == "draft" or (variant == "withdrawn" and rng.random() < 0.3)
            submit_now = not stays_draft and rng.random() < 0.6
            event(
                EventKind.CREATED, State.SUBMITTED if submit_now else State.DRAFT, creator, t, from_state=""
            )
            if stays_draft:
                if variant == "withdrawn":
                    t = clock.after(t, rng.randint(1, 10))
                    event(EventKind.WITHDRAWN, State.WITHDRAWN, creator, t, rng.choice(WITHDRAW_REASONS))
                return done()
            if not submit_now:
                t = clock.after(t, rng.randint(0, 2))
            r.submitted_at = t
            event(EventKind.SUBMITTED, State.SUBMITTED, creator, t, from_state=State.DRAFT)
            if variant == "submitted":
                return done()
            returned = variant == "returned" or (coordinator is not None and rng.random() < 0.1)
            if returned:
                t = clock.after(t, rng.randint(1, 3))
                event(EventKind.RETURNED, State.RETURNED, coordinator, t, rng.choice(RETURN_REASONS))
                if variant == "returned":
                    return done()
                if variant == "withdrawn":
                    t = clock.after(t, rng.randint(1, 8))
                    event(EventKind.WITHDRAWN, State.WITHDRAWN, creator, t, rng.choice(WITHDRAW_REASONS))
                    return done()
                t = clock.after(t, rng.randint(1, 4))
                event(EventKind.SUBMITTED, State.SUBMITTED, creator, t)
            if variant == "withdrawn":
                t = clock.after(t, rng.randint(0, 3))
                event(EventKind.WITHDRAWN, State.WITHDRAWN, creator, t, rng.choice(WITHDRAW_REASONS))
                return done()
            t = clock.after(t, rng.randint(1, 4) if coordinator else rng.randint(3, 7))
            if variant == "declined_province":
                r.declined_by, r.decline_reason = DeclinedBy.PROVINCE, rng.choice(PROVINCE_DECLINE_REASONS)
                r.closed_at = t
                event(EventKind.DECLINED, State.DECLINED, coordinator, t, r.decline_reason)
                return done()
            if coordinator is not None:
                r.endorsed_by, r.endorsed_at = coordinator, t
                event(EventKind.ENDORSED, State.ENDORSED, coordinator, t)
            else:  # no coordinator in the province: the institute endorses on its behalf
                r.endorsed_by, r.endorsed_at, r.endorsed_on_behalf = p[LEADER], t, True
                event(EventKind.ENDORSED_ON_BEHALF, State.ENDORSED, p[LEADER], t)
        else:
            # A coordinator's entry or the institute's record: endorsed on entry (workflow.create_request).
            r.submitted_at = r.endorsed_at = t
            r.endorsed_by = creator
            event(EventKind.CREATED, State.ENDORSED, creator, t, from_state="")
            plan.events.append(
                RequestEvent(request=r, kind=EventKind.ENDORSED, from_state="", to_state=State.ENDORSED,
                             actor=creator, at=t)
            )  # fmt: skip
            r.stage_started_at = t
        if variant == "endorsed":
            return done()
        leader = p[LEADER]
        t = clock.after(t, rng.randint(0, 4))
        if variant == "declined_institute":
            r.declined_by, r.decline_reason = DeclinedBy.INSTITUTE, rng.choice(INSTITUTE_DECLINE_REASONS)
            r.closed_at = t
            event(EventKind.DECLINED, State.DECLINED, leader, t, r.decline_reason)
            return done()
        r.assignee, r.assignee_unit = self.assignee_for(category)
        r.accepted_at = t
        event(EventKind.ACCEPTED, State.ASSIGNED, leader, t)
        if variant == "assigned":
            return done()
        # -- the work
        if rng.random() < 0.06:
            t = clock.after(t, rng.randint(1, 5))
            previous = r.assignee
            r.assignee = p[EXPERT] if previous != p[EXPERT] else p[LAB_MANAGER]
            r.assignee_unit = None
            event(
                EventKind.REASSIGNED, State.ASSIGNED, leader, t, "Phân công lại cho phù hợp chuyên môn.", True
            )
        t = clock.after(t, rng.randint(1, 6))
        r.started_at = t
        event(EventKind.STARTED, State.IN_PROGRESS, r.assignee, t)
        entries = rng.randint(1, 4)
        kinds = WORK_KINDS.get(category, DEFAULT_WORK_KINDS)
        work_day = timezone.localdate(t)
        resolved_by = None
        if variant != "in_progress":
            resolved_by = clock.after(t, rng.randint(3, 25))
        for index in range(entries):
            kind = kinds[index % len(kinds)] if index else kinds[0]
            author = r.assignee if rng.random() < 0.9 else leader
            plan.work.append(
                WorkLogEntry(
                    request=r,
                    author=author,
                    kind=kind,
                    date=work_day,
                    hours=Decimal(rng.choice([1, 1.5, 2, 3, 4, 4, 6, 8])).quantize(Decimal("0.1")),
                    description=rng.choice(WORK.get(kind, WORK[WorkKind.CONSULTATION])),
                    created_at=clock.at(work_day, time(16, 30)) if work_day != timezone.localdate(t) else t,
                )
            )
            limit = timezone.localdate(resolved_by) if resolved_by else timezone.localdate(self.now)
            nxt = self.calendar.add_working_days(work_day, rng.randint(1, 6))
            if nxt is None or nxt > limit:
                break
            work_day = nxt
        if variant == "in_progress":
            return done()
        t = max(resolved_by, plan.events[-1].at + timedelta(minutes=5))
        for entry in plan.work:
            if entry.created_at > t:
                entry.created_at = t - timedelta(minutes=10)
        r.resolved_at = t
        r.outcome, r.deliverables = OUTCOMES[category], DELIVERABLES[category]
        event(EventKind.RESOLVED, State.RESOLVED, r.assignee, t, r.outcome)
        represented = channel == Channel.ONLINE
        if represented and variant == "closed_rated" and rng.random() < 0.05:
            t = clock.after(t, rng.randint(1, 5))
            r.resolved_at = None
            event(EventKind.REOPENED, State.IN_PROGRESS, creator, t, "Kết quả chưa đầy đủ, đề nghị bổ sung.")
            t = clock.after(t, rng.randint(2, 8))
            r.resolved_at = t
            event(
                EventKind.RESOLVED, State.RESOLVED, r.assignee, t, "Đã bổ sung theo đề nghị của hợp tác xã."
            )
        if variant == "resolved":
            return done()
        if variant == "closed_rated":
            t = clock.after(t, rng.randint(0, 6))
            r.rating = rng.choices([5, 4, 3, 2, 1], weights=[50, 32, 12, 4, 2])[0]
            r.rating_comment = rng.choice(RATING_COMMENTS[r.rating])
            r.closed_at = t
            event(EventKind.CONFIRMED, State.CLOSED, creator, t, r.rating_comment)
        else:
            days = settings.HOPTAC_SUPPORT_AUTO_CLOSE_DAYS
            t = t + timedelta(days=days, minutes=rng.randint(1, 59))
            r.closed_at, r.auto_closed = t, True
            note = f"Hợp tác xã không phản hồi trong {days} ngày sau khi xử lý xong."
            event(EventKind.AUTO_CLOSED, State.CLOSED, None, t, note)
        return done()

    def _conversation(self, plan: Plan, coordinator) -> None:
        """A few comments between the parties, some internal, inside the request's lifetime."""
        rng, r = self.rng, plan.request
        if r.state == State.DRAFT or rng.random() > 0.45:
            return
        start, end = plan.events[0].at, min(plan.events[-1].at + timedelta(days=2), self.now)
        represented = r.channel == Channel.ONLINE
        staff = (
            [self.people[LEADER]]
            + ([coordinator] if coordinator else [])
            + ([r.assignee] if r.assignee else [])
        )
        for _ in range(rng.randint(1, 3)):
            at = start + (end - start) * rng.random()
            if represented and rng.random() < 0.4:
                author, body, internal = r.created_by, rng.choice(PUBLIC_COMMENTS["representative"]), False
            elif rng.random() < 0.35:
                author, body, internal = rng.choice(staff), rng.choice(INTERNAL_NOTES), True
            else:
                author, body, internal = rng.choice(staff), rng.choice(PUBLIC_COMMENTS["staff"]), False
            plan.comments.append(
                Comment(request=r, author=author, body=body, internal=internal, created_at=at)
            )


# ------------------------------------------------------------------------------------------------ loading


@contextlib.contextmanager
def _keeping_timestamps(*models) -> Iterator[None]:
    """bulk_create stamps auto_now/auto_now_add fields with the load time; demo rows keep their past times."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _number(plans: list[Plan]) -> None:
    """Numbers in submission order, per year, taken from the year's counter (gap-free, as next_number)."""
    by_year: dict[int, list[SupportRequest]] = {}
    for plan in plans:
        r = plan.request
        if r.submitted_at is not None:
            by_year.setdefault(timezone.localdate(r.submitted_at).year, []).append(r)
    with connection.cursor() as cursor:
        for year, requests in sorted(by_year.items()):
            requests.sort(key=lambda r: (r.submitted_at, r.created_at))
            cursor.execute(
                "INSERT INTO support_requestcounter (year, last) VALUES (%s, %s) "
                "ON CONFLICT (year) DO UPDATE SET last = support_requestcounter.last + EXCLUDED.last "
                "RETURNING last",
                [year, len(requests)],
            )
            (last,) = cursor.fetchone()
            for offset, r in enumerate(requests):
                r.number = f"YC-{year}-{last - len(requests) + 1 + offset:06d}"


def _people() -> dict:
    from hoptac.accounts.models import User

    names = [LEADER, EXPERT, LAB_ANALYST, LAB_MANAGER, *COORDINATORS.values(), *REPRESENTATIVES.values()]
    people = {u.username: u for u in User.objects.filter(username__in=names).select_related("unit")}
    missing = set(names) - set(people)
    if missing:
        raise RuntimeError(f"demo people missing (load accounts.demo first): {sorted(missing)}")
    return people


def _represented_cooperatives() -> dict[str, object]:
    """The cooperative each demo representative speaks for, by province code."""
    from hoptac.accounts import roles
    from hoptac.accounts.models import RoleAssignment
    from hoptac.registry.models import Cooperative

    found = {}
    for code, username in REPRESENTATIVES.items():
        scope_id = (
            RoleAssignment.objects.filter(
                user__username=username, role__code=roles.COOPERATIVE_REPRESENTATIVE
            )
            .values_list("scope_id", flat=True)
            .first()
        )
        found[code] = Cooperative.objects.select_related("province").get(pk=scope_id)
    return found


def build_plans(now: datetime | None = None) -> list[Plan]:
    """The bulk of the demo, in memory (deterministic for a given database and day)."""
    from hoptac.registry.models import Cooperative
    from hoptac.workdays.calendar import WorkCalendar

    now = now or timezone.now()
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
    people = _people()
    represented = _represented_cooperatives()
    cooperatives = list(
        Cooperative.objects.select_related("province").order_by("province__code", "tax_code", "pk")
    )
    by_province: dict[str, list] = {}
    for c in cooperatives:
        by_province.setdefault(c.province.code, []).append(c)
    today = timezone.localdate(now)
    calendar = WorkCalendar.load(today - timedelta(days=HISTORY_DAYS + 60), today + timedelta(days=200))
    builder = _Builder(
        people=people, cooperatives=cooperatives, rng=rng, now=now, calendar=calendar, used_titles=set()
    )
    plans: list[Plan] = []

    # 1. Sent by the three represented cooperatives themselves.
    for variant, count in ONLINE_QUOTAS:
        for index in range(count):
            codes = list(REPRESENTATIVES)
            if variant in ("returned", "declined_province"):
                codes = list(COORDINATORS)  # only a coordinator returns or declines for the province
            code = codes[index % len(codes)]
            cooperative = represented[code]
            coordinator = people[COORDINATORS[code]] if code in COORDINATORS else None
            creator = people[REPRESENTATIVES[code]]
            plans.append(builder.plan(variant, cooperative, Channel.ONLINE, creator, coordinator))

    # 2. Entered by the coordinators of Đắk Lắk and Cà Mau for their province's other cooperatives.
    represented_ids = {c.pk for c in represented.values()}
    for variant, count in PROVINCE_QUOTAS:
        for index in range(count):
            code = list(COORDINATORS)[index % len(COORDINATORS)]
            cooperative = rng.choice([c for c in by_province[code] if c.pk not in represented_ids])
            coordinator = people[COORDINATORS[code]]
            plans.append(builder.plan(variant, cooperative, Channel.PROVINCE, coordinator, coordinator))

    # 3. Recorded by the institute from a phone call, a visit or a letter, from every province.
    provinces = sorted(by_province)
    weights = [3 if code == "01" else 1 for code in provinces]
    for variant, count in INSTITUTE_QUOTAS:
        for _index in range(count):
            code = rng.choices(provinces, weights=weights)[0]
            cooperative = rng.choice([c for c in by_province[code] if c.pk not in represented_ids])
            channel = rng.choices(list(INSTITUTE_CHANNELS), weights=[45, 30, 25])[0]
            creator = people[EXPERT] if channel == Channel.VISIT else people[LEADER]
            coordinator = people[COORDINATORS[code]] if code in COORDINATORS else None
            plans.append(builder.plan(variant, cooperative, channel, creator, coordinator))
    return plans


@transaction.atomic
def load_requests(now: datetime | None = None) -> list[SupportRequest]:
    """Write the demo requests that are not there yet (keyed by cooperative and title); return the new ones."""
    plans = build_plans(now)
    existing = set(
        SupportRequest.objects.filter(cooperative__in={p.request.cooperative_id for p in plans}).values_list(
            "cooperative_id", "title"
        )
    )
    plans = [p for p in plans if (p.request.cooperative_id, p.request.title) not in existing]
    if plans:
        _number(plans)
        for plan in plans:
            plan.request.refresh_derived()  # bulk_create skips save(): the search column is filled here
        with _keeping_timestamps(SupportRequest, RequestEvent, Comment, WorkLogEntry):
            SupportRequest.objects.bulk_create([p.request for p in plans], batch_size=500)
            for plan in plans:  # the children point at the saved request
                for child in (*plan.events, *plan.comments, *plan.work):
                    child.request = plan.request
            RequestEvent.objects.bulk_create([e for p in plans for e in p.events], batch_size=1000)
            Comment.objects.bulk_create([c for p in plans for c in p.comments], batch_size=1000)
            WorkLogEntry.objects.bulk_create([w for p in plans for w in p.work], batch_size=1000)
    created = [p.request for p in plans]
    created += _through_the_workflow(existing)
    return created


# ------------------------------------------------------------------------------------------------ services

JOURNEY = {
    "resolved": (
        "66", Category.ENVIRONMENT,
        "Tư vấn lập hồ sơ đề nghị cấp giấy phép môi trường cho khu sơ chế cà phê mới",
        "Hợp tác xã xây khu sơ chế ướt cà phê công suất 20 tấn quả/ngày, cần hồ sơ môi trường trước vụ thu hoạch.",
    ),
    "returned": (
        "66", Category.CERTIFICATION,
        "Hỗ trợ xây dựng hồ sơ chứng nhận hữu cơ cho 12 ha cà phê",
        "Hợp tác xã muốn chuyển 12 ha cà phê sang canh tác hữu cơ.",
    ),
    "draft": (
        "96", Category.QUALITY_TESTING,
        "Kiểm nghiệm chất lượng nước ao nuôi tôm trước vụ thả giống",
        "Hợp tác xã cần phân tích nước 6 ao nuôi trước khi thả giống vụ mới.",
    ),
    "on_behalf": (
        "01", Category.DIGITAL,
        "Hỗ trợ xây dựng hệ thống truy xuất nguồn gốc bằng mã QR cho rau an toàn",
        "Siêu thị đối tác yêu cầu tem truy xuất nguồn gốc cho từng lô rau từ quý tới.",
    ),
}  # fmt: skip


def _through_the_workflow(existing: set) -> list[SupportRequest]:
    """A handful of today's requests made by the real services: the journey works with the demo people."""
    from . import workflow

    people = _people()
    represented = _represented_cooperatives()
    made = []
    for key, (code, category, title, description) in JOURNEY.items():
        cooperative = represented[code]
        if (cooperative.pk, title) in existing or SupportRequest.objects.filter(
            cooperative=cooperative, title=title
        ).exists():
            continue
        rep = people[REPRESENTATIVES[code]]
        request = workflow.create_request(
            actor=rep, cooperative=cooperative, submit=key != "draft", category=category, title=title,
            description=description, contact_name=rep.full_name, priority=Priority.NORMAL,
        )  # fmt: skip
        if key == "resolved":
            coordinator, leader, expert = people[COORDINATORS[code]], people[LEADER], people[EXPERT]
            workflow.add_comment(
                actor=rep, request=request, body="Hợp tác xã gửi kèm sơ đồ mặt bằng khu sơ chế."
            )
            request = workflow.endorse(
                actor=coordinator, request=request, note="Đúng nhu cầu, đề nghị Viện hỗ trợ."
            )
            workflow.add_comment(
                actor=coordinator, request=request, body="Hợp tác xã từng bị nhắc nhở về nước thải vụ trước.",
                internal=True,
            )  # fmt: skip
            request = workflow.accept(actor=leader, request=request, assignee=expert)
            workflow.log_work(
                actor=expert, request=request, kind=WorkKind.VISIT, date=timezone.localdate(),
                hours=Decimal("4"), description="Khảo sát khu sơ chế và hệ thống thoát nước.",
            )  # fmt: skip
            request = workflow.resolve(
                actor=expert, request=request, outcome=OUTCOMES[Category.ENVIRONMENT],
                deliverables=DELIVERABLES[Category.ENVIRONMENT],
            )  # fmt: skip
        elif key == "returned":
            request = workflow.return_for_information(
                actor=people[COORDINATORS[code]], request=request, reason=RETURN_REASONS[0]
            )
        elif key == "on_behalf":
            request = workflow.endorse(actor=people[LEADER], request=request)
        made.append(request)
    return made


def summary(requests=None) -> dict[str, int]:
    """Requests by state (all of them, not only the demo's), for the command's report."""
    counts = Counter(SupportRequest.objects.values_list("state", flat=True))
    return {state: counts.get(state, 0) for state in State.values}
