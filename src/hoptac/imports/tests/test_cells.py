"""cell_text: a cell the way a person sees it."""

import datetime
import unicodedata

import pytest

from hoptac.imports import cell_text, is_blank


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100233488.0, "100233488"),
        (1500000.5, "1500000.5"),
        (0.1 + 0.2, "0.3"),
        (-3.0, "-3"),
        (7, "7"),
        (None, ""),
        ("  Hợp tác xã  ", "Hợp tác xã"),
        (datetime.date(2021, 3, 5), "05/03/2021"),
        (datetime.datetime(2021, 3, 5), "05/03/2021"),
        (datetime.datetime(2021, 3, 5, 14, 30), "05/03/2021 14:30"),
        (datetime.time(8, 15), "08:15:00"),
        (True, "TRUE"),
        ("\x00Đắk\x1f Lắk\x7f", "Đắk Lắk"),  # control characters: nobody sees them
        ("Dòng một\x0bDòng hai", "Dòng một\nDòng hai"),  # a vertical tab is Word's line break
        ("'=SUM(A1)", "=SUM(A1)"),  # the apostrophe a CSV export puts before a formula start
        ("'- Ghi chú", "- Ghi chú"),
        ("H'Hen Niê", "H'Hen Niê"),
    ],
)
def test_cell_text_shows_values_as_a_spreadsheet_does(value, expected):
    assert cell_text(value) == expected


def test_cell_text_composes_decomposed_text():
    assert cell_text(unicodedata.normalize("NFD", "Đắk Lắk")) == "Đắk Lắk"


@pytest.mark.parametrize(
    ("value", "blank"), [(None, True), ("", True), ("   ", True), (0.0, False), ("x", False)]
)
def test_is_blank(value, blank):
    assert is_blank(value) is blank
