"""Term targets as pure functions: tracking a year's levels, and the conflicts flagged (never refused)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hoptac.party.targets import Target, conflicts, conflicts_by_key, excellent_ceiling, meets, track

D = Decimal
SEED = [
    Target("complete", D(100), key="complete"),
    Target("good", D(70), comparison="gt", key="good"),
    Target("excellent", D(30), key="excellent"),
]


@pytest.mark.parametrize(
    ("target", "levels", "counted", "share", "met"),
    [
        (Target("good", D(70)), ["excellent", "good", "good", "complete"], 3, D("75.00"), True),
        (
            Target("good", D(75), comparison="gt"),
            ["excellent", "good", "good", "complete"],
            3,
            D("75.00"),
            False,
        ),
        (Target("good", D(75)), ["excellent", "good", "good", "complete"], 3, D("75.00"), True),
        (
            Target("good", D(50), mode="exactly"),
            ["excellent", "good", "good", "complete"],
            2,
            D("50.00"),
            True,
        ),
        (Target("complete", D(100)), ["good"] * 5 + ["not_complete"], 5, D("83.33"), False),
        (Target("complete", D(100)), ["good", "complete", "excellent"], 3, D("100.00"), True),
        (Target("excellent", D(30)), ["excellent"] + ["good"] * 2, 1, D("33.33"), True),
        (Target("not_complete", D(0), mode="exactly"), ["good"], 0, D("0.00"), True),
    ],
)
def test_track(target, levels, counted, share, met):
    progress = track(target, levels)
    assert (progress.counted, progress.total, progress.share, progress.met) == (
        counted,
        len(levels),
        share,
        met,
    )


def test_track_without_levels_says_nothing_yet():
    progress = track(Target("good", D(70)), [])
    assert progress.share is None and progress.met is None


def test_meets_compares_exactly_not_rounded():
    # 2/3 = 66.666…%: not "at least 66.67%", but more than 66.66%.
    assert not meets(2, 3, Target("good", D("66.67")))
    assert meets(2, 3, Target("good", D("66.66"), comparison="gt"))


def test_seed_article_targets_are_flagged_with_the_quota_document():
    found = conflicts(SEED)
    codes = {c.code for c in found}
    assert codes == {"excellent_over_ceiling", "excellent_vs_good"}
    pair = next(c for c in found if c.code == "excellent_vs_good")
    assert "30% xuất sắc so với 70% hoàn thành tốt là 42,86%" in pair.message
    assert "Hướng dẫn 21-HD/BTCTW" in pair.document
    ceiling = next(c for c in found if c.code == "excellent_over_ceiling")
    assert "16,67%" in ceiling.message
    by_key = conflicts_by_key(found)
    assert set(by_key) == {"excellent", "good"}
    assert "complete" not in by_key


def test_ceiling_is_ratio_over_one_plus_ratio():
    assert excellent_ceiling(D("0.20")) * 3 == 50  # 16.666…%
    assert excellent_ceiling(D("0.25")) == 20


@pytest.mark.parametrize(
    ("targets", "codes"),
    [
        # at the ceiling: possible ("at least"), impossible ("more than")
        ([Target("excellent", D("16.66"))], set()),
        ([Target("excellent", D(17))], {"excellent_over_ceiling"}),
        ([Target("excellent", D(15)), Target("good", D(70))], set()),  # G can be 85%
        (
            [Target("excellent", D(15)), Target("good", D(80), mode="exactly")],
            set(),
        ),  # 15 + 80 ≤ 100, 15 ≤ 16
        # 15% excellent needs 75% good; with 15% exactly "complete", only 70% is left
        (
            [Target("excellent", D(15)), Target("complete", D(15), mode="exactly")],
            {"quota_with_targets"},
        ),
        # exact shares beyond 100% — whatever the quota
        (
            [Target("good", D(70), mode="exactly"), Target("complete", D(40), mode="exactly")],
            {"shares_over_100"},
        ),
        # exactly 100% with a "more than" bound is impossible; with "100% complete or above" it is not
        (
            [
                Target("good", D(70), mode="exactly", comparison="gt"),
                Target("complete", D(30), mode="exactly"),
            ],
            {"shares_over_100"},
        ),
        ([Target("good", D(70), comparison="gt"), Target("complete", D(100))], set()),
        ([Target("complete", D(100), comparison="gt")], {"shares_over_100"}),
        ([Target("good", D(70)), Target("good", D(80))], {"duplicate"}),
        ([Target("good", D(70)), Target("good", D(70), mode="exactly")], set()),
    ],
)
def test_conflict_table(targets, codes):
    assert {c.code for c in conflicts(targets)} == codes


def test_a_zero_ratio_forbids_any_excellent_target():
    assert {c.code for c in conflicts([Target("excellent", D(1))], ratio=D(0))} == {"excellent_over_ceiling"}
    assert conflicts([Target("excellent", D(0))], ratio=D(0)) == []


def test_a_larger_ratio_from_the_cells_rules_changes_the_verdict():
    assert conflicts([Target("excellent", D(20))], ratio=D("0.25")) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"level": "tot", "share": D(1)},
        {"level": "good", "share": D(101)},
        {"level": "good", "share": D(-1)},
        {"level": "good", "share": 70.5},
        {"level": "good", "share": D(1), "mode": "about"},
        {"level": "good", "share": D(1), "comparison": "<"},
    ],
)
def test_bad_targets_are_refused_by_the_pure_module(kwargs):
    with pytest.raises(ValueError):
        Target(**kwargs)
