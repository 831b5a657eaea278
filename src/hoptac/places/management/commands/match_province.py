"""``hoptac match_province TEXT [--json]``: which current province does a name mean?

Useful on its own (checking a spreadsheet column by hand) and as a scripting interface: with ``--json`` the
standard output is exactly one JSON object, ``{"code": "08", "name": "Tuyên Quang", "former": "Hà Giang"}``,
and nothing else. A text that names no province, or more than one, prints nothing on standard output, a
Vietnamese message on standard error, and exits with status 2 (the usual "bad input" status).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hoptac.places.matching import ProvinceMatchError, match_province

EXIT_NO_MATCH = 2


class Command(BaseCommand):
    help = "Tìm tỉnh/thành phố hiện nay ứng với một tên (tên hiện nay, tên trước sáp nhập 2025 hoặc tên gọi khác)."

    def add_arguments(self, parser):
        parser.add_argument(
            "text",
            nargs="+",
            help="Tên cần tìm; nhiều từ được nối bằng dấu cách, nên không cần đặt trong ngoặc kép.",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="In kết quả dạng một đối tượng JSON."
        )

    def handle(self, *args, text: list[str], as_json: bool = False, **options):
        query = " ".join(text)
        try:
            match = match_province(query)
        except ProvinceMatchError as error:
            self.stderr.write(str(error.message))
            raise SystemExit(EXIT_NO_MATCH) from error
        former = match.former.name if match.former else None
        if as_json:
            self.stdout.write(
                json.dumps(
                    {"code": match.province.code, "name": match.province.name, "former": former},
                    ensure_ascii=False,
                )
            )
        elif former:
            self.stdout.write(
                _("%(text)s → %(name)s (mã %(code)s); tên trước sáp nhập: %(former)s.")
                % {"text": query, "name": match.province.name, "code": match.province.code, "former": former}
            )
        else:
            self.stdout.write(
                _("%(text)s → %(name)s (mã %(code)s).")
                % {"text": query, "name": match.province.name, "code": match.province.code}
            )
