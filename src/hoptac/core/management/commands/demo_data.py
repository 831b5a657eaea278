"""``hoptac demo_data``: realistic Vietnamese demo data, idempotent, with the demo log-ins printed."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from hoptac.core.audit import acting_as


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không tạo bản trùng) và in danh sách tài khoản mẫu."

    def handle(self, *args, **options):
        from hoptac.accounts import demo
        from hoptac.congress import demo as congress_demo
        from hoptac.lab import demo as lab_demo
        from hoptac.party import demo as party_demo
        from hoptac.registry import demo as registry_demo
        from hoptac.support import demo as support_demo

        with transaction.atomic(), acting_as(None, command="demo_data"):
            units = demo.load_units()
            cooperatives = registry_demo.load_cooperatives()
            people = demo.load_people(
                units, extra_people=[*registry_demo.representatives(cooperatives), *lab_demo.PEOPLE]
            )
            new_requests = support_demo.load_requests()
            new_samples = lab_demo.load_samples()
            party_people = party_demo.load(password=demo.DEMO_PASSWORD)
            congress_demo.load_demo_cell(today=timezone.localdate())
        by_state = support_demo.summary()
        samples_by_state = lab_demo.summary()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp dữ liệu mẫu: {len(units)} đơn vị, {len(cooperatives)} hợp tác xã, {len(people)} người dùng."
            )
        )
        self.stdout.write(
            f"Yêu cầu hỗ trợ: {sum(by_state.values())} (mới nạp {len(new_requests)}) — "
            + ", ".join(f"{label}: {by_state[value]}" for value, label in support_demo.State.choices)
        )
        self.stdout.write(
            f"Mẫu thử nghiệm: {sum(samples_by_state.values())} (mới nạp {len(new_samples)}) — "
            + ", ".join(
                f"{label}: {samples_by_state[value]}" for value, label in lab_demo.SampleState.choices
            )
        )
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu (demo log-ins) — mật khẩu chung / password: " + demo.DEMO_PASSWORD)
        width = max(len(user.username) for user, _ in [*people, *party_people])
        for user, labels in people:
            self.stdout.write(f"  {user.username.ljust(width)}  {user.full_name} — {', '.join(labels)}")
        self.stdout.write(
            "Chi bộ (phân hệ Đảng, bắt buộc xác thực hai lớp — thêm mã bí mật vào ứng dụng xác thực, hoặc chạy "
            "`.venv/bin/hoptac two_factor_code <tên đăng nhập>` để lấy mã hiện tại):"
        )
        for user, labels in party_people:
            self.stdout.write(f"  {user.username.ljust(width)}  {user.full_name} — {', '.join(labels)}")
        self.stdout.write(
            "Đăng nhập bằng tên đăng nhập hoặc thư điện tử tại http://127.0.0.1:8000/dang-nhap/"
        )
