"""``hoptac lab_judge REGULATION SET PARAMETER VALUE [--k K] [--json]``: judge one result against shipped limits.

With ``--json`` stdout holds exactly one object ``{"verdict": V, "limit": L, "class": C}``. Exit 0 for any verdict;
exit 2, with nothing on stdout and a Vietnamese message on stderr, for an unknown regulation, set or parameter,
an unreadable value or coefficient, or a unit mismatch. Numbers follow the one rule of
:func:`hoptac.lab.judging.read_number`, as in the limit editor: "7.500" or "7,500" (a thousands separator or a
decimal?) and numbers with more digits than the database keeps are unreadable, so exit 2. Applying a superseded
regulation is allowed and silent here (the sample screens warn).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Đánh giá một kết quả thử nghiệm theo một bộ giới hạn của quy chuẩn."

    def add_arguments(self, parser):
        parser.add_argument("regulation", help="Số hiệu quy chuẩn, ví dụ “QCVN 14:2008/BTNMT”.")
        parser.add_argument("limit_set", help="Bộ giới hạn (cột, bảng, nhóm), ví dụ “B” hoặc “Bảng 2”.")
        parser.add_argument("parameter", help="Mã hoặc tên chỉ tiêu, ví dụ “BOD5”.")
        parser.add_argument("value", help="Kết quả: 55, 12,5, 7500, <0,5 (dưới giới hạn phát hiện) hoặc KPH.")
        parser.add_argument("--k", default="1", help="Hệ số nhân giới hạn (mặc định 1).")
        parser.add_argument("--json", action="store_true", help="In đúng một đối tượng JSON ra stdout.")

    def handle(self, *args, **options):
        from ...judging import JudgeError
        from ...selectors import judge_named

        try:
            judgement = judge_named(
                options["regulation"],
                options["limit_set"],
                options["parameter"],
                options["value"],
                options["k"],
            )
        except JudgeError as exc:
            self.stderr.write(exc.message)
            sys.exit(2)
        if options["json"]:
            self.stdout.write(json.dumps(judgement.as_dict(), ensure_ascii=False))
            return
        line = judgement.verdict
        if judgement.klass:
            line += f" — {judgement.klass}"
        if judgement.limit is not None:
            line += f" ({judgement.limit})"
        self.stdout.write(line)
