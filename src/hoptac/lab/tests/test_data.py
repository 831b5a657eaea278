"""The catalogue and regulations shipped by migration 0002 (shared/domain/environment-standards.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hoptac.lab.models import Limit, LimitInterval, LimitSet, Matrix, Parameter, Regulation
from hoptac.lab.selectors import rule_for

pytestmark = pytest.mark.django_db


def _set(regulation, name):
    return LimitSet.objects.get(regulation__code=regulation, name=name)


def test_the_catalogue_has_the_seven_matrices_and_the_issue_parameters():
    assert Matrix.objects.count() == 7
    assert Parameter.objects.count() == 20
    bod = Parameter.objects.get(code="BOD5")
    assert (bod.unit, bod.method) == ("mg/L", "SMEWW 5210B:2017")
    assert set(bod.matrices.values_list("code", flat=True)) >= {"surface-water", "domestic-wastewater"}
    assert Parameter.objects.get(code="pH").method.startswith("TCVN 6492:2011")
    assert not Parameter.objects.filter(accredited=True).exists()  # the lab ticks what its VILAS scope lists


def test_each_regulation_has_its_sets_and_source():
    counts = {
        (s.regulation.code, s.name): s.limits.count() for s in LimitSet.objects.select_related("regulation")
    }
    assert counts == {
        ("QCVN 08:2023/BTNMT", "Bảng 1"): 7,
        ("QCVN 08:2023/BTNMT", "Bảng 2"): 6,
        ("QCVN 14:2008/BTNMT", "A"): 7,
        ("QCVN 14:2008/BTNMT", "B"): 7,
        ("QCVN 01-1:2018/BYT", "Nhóm A"): 7,
    }
    assert all(r.source and r.confidence for r in Regulation.objects.all())
    assert _set("QCVN 08:2023/BTNMT", "Bảng 2").confidence == "M"


def test_qcvn_14_2008_is_superseded_by_2025_which_has_no_values_yet():
    old = Regulation.objects.get(code="QCVN 14:2008/BTNMT")
    new = Regulation.objects.get(code="QCVN 14:2025/BTNMT")
    assert old.is_superseded and old.superseded_by == new
    assert not new.is_superseded
    assert not new.limit_sets.exists()
    assert "Chưa thu thập" in new.note


def test_qcvn_14_2008_applies_k_to_all_but_ph_and_coliforms():
    limits = Limit.objects.filter(limit_set=_set("QCVN 14:2008/BTNMT", "B")).select_related("parameter")
    assert {x.parameter.code for x in limits if not x.coefficient_applies} == {"pH", "COLIFORM"}
    assert _set("QCVN 14:2008/BTNMT", "B").coefficient_name == "K"
    bod = limits.get(parameter__code="BOD5")
    assert rule_for(bod).interval.text() == "50"


def test_qcvn_08_2023_table_2_do_is_a_minimum_with_class_d_not_captured():
    do = Limit.objects.get(limit_set=_set("QCVN 08:2023/BTNMT", "Bảng 2"), parameter__code="DO")
    rule = rule_for(do)
    assert [(c.label, [i.text() for i in c.intervals]) for c in rule.classes] == [
        ("A", [">=6"]),
        ("B", [">=5"]),
        ("C", [">=4"]),
        ("D", []),
    ]


def test_qcvn_08_2023_table_2_ph_class_d_is_a_catch_all_of_two_intervals_and_tss_c_d_are_notes():
    table = _set("QCVN 08:2023/BTNMT", "Bảng 2")
    ph = rule_for(Limit.objects.get(limit_set=table, parameter__code="pH"))
    assert [i.text() for i in ph.classes[3].intervals] == ["<6", ">8.5"]
    tss = Limit.objects.get(limit_set=table, parameter__code="TSS")
    assert [len(c.intervals) for c in rule_for(tss).classes] == [1, 1, 0, 0]
    assert "rác nổi" in tss.note


def test_qcvn_01_1_2018_group_a_strict_bounds_and_range():
    group = _set("QCVN 01-1:2018/BYT", "Nhóm A")
    texts = {x.parameter.code: rule_for(x).interval.text() for x in group.limits.select_related("parameter")}
    assert texts == {
        "COLIFORM": "<3",
        "E-COLI": "<1",
        "As": "0.01",
        "FREE-CL": "0.2-1",
        "TURBIDITY": "2",
        "COLOUR": "15",
        "pH": "6-8.5",
    }


def test_table_1_values_are_maxima():
    table = _set("QCVN 08:2023/BTNMT", "Bảng 1")
    uppers = dict(
        LimitInterval.objects.filter(limit__limit_set=table).values_list("limit__parameter__code", "upper")
    )
    assert uppers["NO2--N"] == Decimal("0.05") and uppers["OIL-GREASE"] == Decimal("5")
    assert not LimitInterval.objects.filter(limit__limit_set=table, lower__isnull=False).exists()
