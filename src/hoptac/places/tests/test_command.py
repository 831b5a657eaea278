"""``hoptac match_province``: in-process through call_command, and as a real process a script would run."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from hoptac.core.testing.db import current_database_url
from hoptac.places import matching

HOPTAC = Path(sys.executable).with_name("hoptac")  # the console script installed beside this interpreter


@pytest.fixture(autouse=True)
def _fresh_index():
    matching.clear_cache()
    yield
    matching.clear_cache()


def run(*args):
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("match_province", *args, stdout=stdout, stderr=stderr)
    except SystemExit as exit_:
        return exit_.code, stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


@pytest.mark.django_db
def test_json_names_the_current_province_and_the_former_one():
    status, out, err = run("tinh Ha Giang", "--json")
    assert status == 0
    assert err == ""
    assert out == '{"code": "08", "name": "Tuyên Quang", "former": "Hà Giang"}\n'


@pytest.mark.django_db
def test_several_words_are_one_name():
    assert run("tinh", "Ha", "Giang", "--json")[1] == run("tinh Ha Giang", "--json")[1]


@pytest.mark.django_db
def test_json_former_is_null_for_a_current_name():
    status, out, _err = run("Thành phố Hà Nội", "--json")
    assert status == 0
    assert json.loads(out) == {"code": "01", "name": "Thành phố Hà Nội", "former": None}


@pytest.mark.django_db
def test_readable_line_without_json():
    status, out, _err = run("Quảng Bình")
    assert status == 0
    assert out == "Quảng Bình → Quảng Trị (mã 44); tên trước sáp nhập: Quảng Bình.\n"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Atlantis", ""])
def test_unknown_text_exits_2_with_a_vietnamese_message_on_stderr(text):
    status, out, err = run(text, "--json")
    assert status == 2
    assert out == ""
    assert "tỉnh/thành phố" in err


def run_process(*args):
    env = {**os.environ, "DATABASE_URL": current_database_url()}
    return subprocess.run(
        [str(HOPTAC), "match_province", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Another process sees committed rows only, so these tests run outside a transaction. The flush that ends
# every transactional test empties the reference tables; the root conftest reloads them
# (hoptac.core.testing.reference) when they are missing.
@pytest.mark.django_db(transaction=True)
def test_a_real_process_prints_exactly_one_json_object():
    result = run_process("tinh Ha Giang", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == '{"code": "08", "name": "Tuyên Quang", "former": "Hà Giang"}\n'


@pytest.mark.django_db(transaction=True)
def test_a_real_process_refuses_an_unknown_name_with_status_2():
    result = run_process("Atlantis", "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Không tìm thấy tỉnh/thành phố nào tên là “Atlantis”." in result.stderr
