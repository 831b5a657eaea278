"""The printable sample label (100 × 50 mm): code, cooperative, matrix, sampling date, a QR code and a Code 128
barcode of the code — through the one document engine (:class:`hoptac.documents.engine.Label`).

Both symbols carry the sample code itself, not an address: handheld scanners type it into the lab's search and
work lists, and a label stuck on a bottle should not point outside the lab.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.core.permissions import VIEW, get_visible_or_404
from hoptac.documents.engine import Label, render_label_pdf

from .models import Sample


def sample_for_label(*, user, pk: int) -> Sample:
    return get_visible_or_404(
        Sample.objects.select_related("cooperative", "matrix").only(
            "pk", "code", "sampled_at", "registered_at", "cooperative__name", "matrix__name"
        ),
        user,
        VIEW,
        pk=pk,
    )


def sample_label(sample: Sample) -> Label:
    with translation.override("vi"):
        sampled = (
            timezone.localtime(sample.sampled_at).strftime("%d/%m/%Y %H:%M") if sample.sampled_at else "—"
        )
        return Label(
            title=sample.code,
            lines=(
                sample.cooperative.name,
                _("Nền mẫu: %(matrix)s") % {"matrix": sample.matrix.name},
                _("Lấy mẫu: %(at)s") % {"at": sampled},
            ),
            qr_data=sample.code,
            barcode_data=sample.code,
            metadata={"title": _("Nhãn mẫu %(code)s") % {"code": sample.code}},
        )


def render_sample_label(sample: Sample) -> bytes:
    return render_label_pdf(sample_label(sample))
