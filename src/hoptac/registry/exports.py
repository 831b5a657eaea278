"""Streamed exports of the filtered list (.csv and .xlsx) with Vietnamese headers.

The headers are the import template's, so an exported file can be corrected and imported back.

Writing (formula-safe, without control characters) is the shared :mod:`hoptac.imports.tabular`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.imports import tabular
from hoptac.imports.tabular import csv_cell

from .choices import Certification, LegalForm, Sector, Status
from .models import Cooperative


def columns() -> list[tuple[str, object]]:
    """(Vietnamese header, value getter) in the order of the import template."""
    sector_labels = dict(Sector.choices)
    certification_labels = dict(Certification.choices)
    return [
        (_("Tên hợp tác xã"), lambda c: c.name),
        (_("Tên viết tắt"), lambda c: c.short_name),
        (_("Loại hình"), lambda c: str(LegalForm(c.legal_form).label)),
        (_("Mã số thuế"), lambda c: c.tax_code or ""),
        (
            _("Ngày đăng ký"),
            lambda c: c.registration_date.strftime("%d/%m/%Y") if c.registration_date else "",
        ),
        (_("Tỉnh/thành phố"), lambda c: c.province.name),
        (_("Xã/phường"), lambda c: c.commune.name if c.commune_id else ""),
        (_("Địa chỉ"), lambda c: c.address),
        (_("Lĩnh vực"), lambda c: "; ".join(str(sector_labels[s]) for s in c.sectors)),
        (_("Số thành viên"), lambda c: c.member_count),
        (_("Vốn điều lệ (đồng)"), lambda c: int(c.charter_capital) if c.charter_capital is not None else ""),
        (_("Người đại diện"), lambda c: c.representative),
        (_("Điện thoại"), lambda c: c.phone),
        (_("Thư điện tử"), lambda c: c.email),
        (_("Tình trạng"), lambda c: str(Status(c.status).label)),
        (_("Chứng nhận"), lambda c: "; ".join(str(certification_labels[x]) for x in c.certifications)),
        (_("Ghi chú"), lambda c: c.notes),
    ]


def _filename(extension: str) -> str:
    return f"hop-tac-xa-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(rows: Iterable[Cooperative]) -> StreamingHttpResponse:
    # Exports are the registry's data in its own language, Vietnamese, whoever downloads them: the file must
    # import back (headers and labels are the import template's).
    with translation.override("vi"):
        spec = [(str(header), getter) for header, getter in columns()]
    return tabular.csv_response(spec, rows, _filename("csv"))


def xlsx_response(rows: Iterable[Cooperative]) -> FileResponse:
    with translation.override("vi"):  # see csv_response: exports are in Vietnamese
        spec = [(str(header), getter) for header, getter in columns()]
        return tabular.xlsx_response(spec, rows, _filename("xlsx"), _("Hợp tác xã"))


__all__ = ["columns", "csv_cell", "csv_response", "xlsx_response"]
