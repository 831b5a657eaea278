"""``hoptac import_cooperatives FILE [--dry-run] [--province CODE] [--sheet NAME] [--actor EMAIL] [--json]``.

Exit 0 when no row was rejected, 1 when any was (with or without --dry-run), 2 for a file-level failure
(unreadable file, no header row, a required column missing, a bad option) — which writes nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from hoptac.imports import FileError


class Command(BaseCommand):
    help = "Nhập danh sách hợp tác xã từ tệp .xlsx, .xls, .ods hoặc .csv."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        parser.add_argument(
            "--province", help="Mã tỉnh/thành phố hiện hành (2 chữ số): chỉ nhận các dòng của tỉnh này."
        )
        parser.add_argument("--sheet", help="Tên trang tính (mặc định: trang đầu tiên).")
        parser.add_argument("--actor", help="Thư điện tử của người thực hiện (ghi vào lịch sử thay đổi).")
        parser.add_argument("--json", action="store_true", help="In đúng một đối tượng JSON ra stdout.")

    def _fail(self, message: str) -> None:
        self.stderr.write(str(message))
        sys.exit(2)

    def handle(self, *args, **options):
        from hoptac.accounts.models import User
        from hoptac.places.models import Province

        from ...importing import import_cooperatives

        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._fail(f"Không đọc được tệp “{path}”: {exc.strerror}.")
        allowed = None
        if options["province"] is not None:
            province = Province.objects.filter(code=options["province"].strip()).first()
            if province is None:
                self._fail(
                    f"Không có tỉnh/thành phố mã “{options['province']}” (mã hiện hành gồm 2 chữ số, ví dụ 66)."
                )
            allowed = {province.pk}
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"].strip(), is_active=True).first()
            if actor is None:
                self._fail(f"Không có người dùng đang hoạt động với thư điện tử “{options['actor']}”.")
        try:
            result = import_cooperatives(
                data,
                path.name,
                actor=actor,
                allowed_provinces=allowed,
                sheet=options["sheet"],
                dry_run=options["dry_run"],
            )
        except FileError as exc:
            self._fail(exc.message)
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            action = "Kiểm tra (không ghi)" if options["dry_run"] else "Đã nhập"
            self.stdout.write(
                f"{action}: {result.new} mới, {result.updated} cập nhật, {result.unchanged} không đổi, "
                f"{result.invalid} dòng bị từ chối."
            )
            for problem in result.problems:
                level = "LỖI" if problem.level == "error" else "Lưu ý"
                self.stdout.write(
                    f"  dòng {problem.row}, cột “{problem.column}”, giá trị “{problem.value}”: {level} — {problem.message}"
                )
        if result.invalid:
            sys.exit(1)
