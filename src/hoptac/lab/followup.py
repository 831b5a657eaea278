"""The one-click follow-up of a non-compliant sample: a new support request (environmental compliance) for its
cooperative, prefilled with what exceeded. Support's create form reads the GET values as initial data only — the
person still reads, edits and submits it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

DESCRIPTION_LIMIT = 4000


def exceeded_lines(sample, rows) -> list[str]:
    """One line per parameter over (or under) its limit: name, value as typed with its unit, and the limit."""
    lines = []
    for row in rows:
        if not row.exceeded:
            continue
        unit = f" {row.result.unit}" if row.result.unit else ""
        lines.append(
            _("- %(name)s (%(code)s): %(value)s%(unit)s, giới hạn %(limit)s%(unit)s")
            % {
                "name": row.parameter.name,
                "code": row.parameter.code,
                "value": row.result.raw_value,
                "unit": unit,
                "limit": row.limit_text,
            }
        )
    return lines


def follow_up_url(sample, rows=None) -> str:
    """``support:request_create`` prefilled: category environment, the sample's cooperative, a title naming the
    sample, and a description listing every exceeded parameter with its value and limit."""
    from .selectors import sample_parameter_rows

    if rows is None:
        rows = sample_parameter_rows(sample)
    regulation = " — ".join(filter(None, [sample.regulation_code, sample.limit_set_name]))
    title = _("Hỗ trợ tuân thủ môi trường sau kết quả mẫu %(code)s") % {"code": sample.code}
    head = _("Mẫu %(code)s (%(matrix)s, lấy tại %(place)s) không đạt %(regulation)s ở các chỉ tiêu sau:") % {
        "code": sample.code,
        "matrix": sample.matrix.name,
        "place": sample.sampling_place,
        "regulation": regulation or _("quy chuẩn áp dụng"),
    }
    ask = _("Đề nghị Viện tư vấn biện pháp xử lý để đạt quy chuẩn.")
    description = "\n".join([head, *exceeded_lines(sample, rows), "", ask])[:DESCRIPTION_LIMIT]
    query = {
        "category": "environment",
        "cooperative": sample.cooperative_id,
        "title": title,
        "description": description,
    }
    return reverse("support:request_create") + "?" + urlencode(query)
