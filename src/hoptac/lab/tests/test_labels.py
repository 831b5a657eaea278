"""The sample label: a 100 × 50 mm page with the code, the cooperative, the matrix, the sampling time, a QR code
and a Code 128 barcode of the code, printed by the lab and the institute (not by the cooperative)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hoptac.core.testing.queries import count_queries
from hoptac.documents.tests.test_engine import pdf_font_names, squash
from hoptac.lab import labels

from .report_builders import verified_sample

pytestmark = pytest.mark.django_db
MM = 72 / 25.4


def test_the_label_says_what_is_in_the_bottle(make_persona):
    sample = verified_sample(make_persona)
    label = labels.sample_label(labels.sample_for_label(user=make_persona("lab_analyst"), pk=sample.pk))
    assert label.title == sample.code
    assert label.qr_data == label.barcode_data == sample.code
    assert label.lines[0] == sample.cooperative.name
    assert label.lines[1] == "Nền mẫu: Nước thải sinh hoạt"
    assert label.lines[2].startswith("Lấy mẫu: ") and "/" in label.lines[2]
    assert (label.width_mm, label.height_mm) == (100, 50)


def test_the_label_is_a_small_pdf_page_with_the_code(client_as, make_persona):
    sample = verified_sample(make_persona)
    response = client_as("lab_analyst").get(reverse("lab:sample_label", args=[sample.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="nhan-{sample.code}.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(100 * MM, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(50 * MM, abs=0.5)
    text = squash(page.extract_text())
    assert squash(sample.code) in text
    assert squash(sample.cooperative.name) in text and squash("Nước thải sinh hoạt") in text
    names = pdf_font_names(reader)
    assert names and all("LiberationSerif" in n.replace("-", "") for n in names), names


def test_the_cooperative_prints_no_labels(client_as, make_persona):
    sample = verified_sample(make_persona)
    assert client_as("cooperative_rep").get(reverse("lab:sample_label", args=[sample.pk])).status_code == 404
    assert client_as("institute_leader").get(reverse("lab:sample_label", args=[sample.pk])).status_code == 200


def test_the_label_reads_the_sample_in_one_query(make_persona):
    sample = verified_sample(make_persona)
    user = make_persona("lab_manager")
    count, statements = count_queries(lambda: labels.sample_for_label(user=user, pk=sample.pk))
    assert count == 1, statements
