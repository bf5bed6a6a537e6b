"""Strict structuring: every failure is a CSFrameworkError naming path and field."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given

from cs_framework import (
    Account,
    Adoption,
    Band,
    Commitment,
    CoverageModel,
    CSFrameworkError,
    InvalidInputError,
    Policy,
    Segment,
    from_json,
    structure,
    to_json,
    unstructure,
)
from cs_framework import strategies as cst
from helpers import account, commitment


def problems(err: InvalidInputError) -> dict[str, str]:
    return {p.field: p.reason for p in err.problems}


def test_unknown_keys_are_refused_with_their_path() -> None:
    data = unstructure(account(commitments=[commitment()]))
    data["commitments"][0]["colour"] = "red"
    data["shoe_size"] = 44
    with pytest.raises(InvalidInputError) as info:
        structure(data, Account)
    assert problems(info.value) == {
        "$.commitments[0].colour": "unknown key",
        "$.shoe_size": "unknown key",
    }


def test_every_bad_value_is_listed_with_path_and_account() -> None:
    data = unstructure(account(commitments=[commitment()]))
    data["arr"] = "lots"
    data["commitments"][0]["due"] = "2026-13-01"
    with pytest.raises(InvalidInputError) as info:
        structure(data, Account)
    found = problems(info.value)
    assert found["$.arr"] == "a number (or 'inf', '-inf', 'nan')".join(["expected ", ""])
    assert found["$.commitments[0].due"] == "expected an ISO 8601 date (YYYY-MM-DD)"
    assert "$.arr='lots'" in str(info.value)


def test_validation_errors_inside_objects_keep_their_account() -> None:
    data = unstructure(account(commitments=[commitment()]))
    data["commitments"][0]["due"] = "2026-01-01"  # before made_on
    with pytest.raises(InvalidInputError) as info:
        structure(data, Account)
    (problem,) = info.value.problems
    assert problem.field == "$.commitments[0].due"
    assert problem.account_id == "acme"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("arr", True, "expected a number"),
        ("arr", "1e3", "expected a number"),
        ("name", 42, "expected a string"),
        ("setup_complete", "true", "expected true or false"),
        ("setup_complete", 1, "expected true or false"),
        ("renewal_on", "2026-03-01T10:00:00", "expected an ISO 8601 date"),
        ("renewal_on", 20260301, "expected an ISO 8601 date"),
        ("renewal_on", "20260301", "expected an ISO 8601 date"),
    ],
)
def test_nothing_is_coerced(field: str, value: object, reason: str) -> None:
    data = unstructure(account())
    data[field] = value
    with pytest.raises(InvalidInputError, match=reason) as info:
        structure(data, Account)
    assert info.value.field == f"$.{field}"
    assert info.value.value == value


def test_whole_numbers_are_strict() -> None:
    assert structure({"licensed_users": 3}, Adoption) == Adoption(licensed_users=3)
    # 3.0 is the whole number 3, as in the constructor and in a frame's float column
    assert structure({"licensed_users": 3.0}, Adoption).licensed_users == 3
    assert type(Adoption(licensed_users=3.0).licensed_users) is int
    for bad in (3.5, True, "3", float("inf")):
        with pytest.raises(InvalidInputError, match="expected a whole number"):
            structure({"licensed_users": bad}, Adoption)


def test_enums_by_name_only() -> None:
    assert structure("GREEN", Band) is Band.GREEN
    for bad in (2, "green", "PURPLE"):
        with pytest.raises(InvalidInputError, match="expected a Band name"):
            structure(bad, Band)


def test_missing_fields_are_named() -> None:
    with pytest.raises(InvalidInputError) as info:
        structure({"name": "Acme", "arr": 1.0}, Account)
    assert problems(info.value) == {"$.id": "required field missing"}


def test_datetimes_are_iso_with_offsets() -> None:
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert unstructure(moment) == "2026-03-01T09:30:00+00:00"
    assert structure("2026-03-01T09:30:00+00:00", datetime) == moment
    for bad in ("yesterday", 1700000000):
        with pytest.raises(InvalidInputError, match="ISO 8601 date and time"):
            structure(bad, datetime)


def test_non_finite_floats_travel_as_strings() -> None:
    assert unstructure(math.inf) == "inf"
    assert unstructure(-math.inf) == "-inf"
    assert unstructure(math.nan) == "nan"
    assert structure("-inf", float) == -math.inf
    assert math.isnan(structure("nan", float))
    assert unstructure(2.5) == 2.5


def test_invalid_json_is_a_csframework_error() -> None:
    with pytest.raises(CSFrameworkError, match="not valid JSON"):
        from_json("{not json", Commitment)


def test_unexpected_failures_are_wrapped() -> None:
    # A list where a mapping belongs: cattrs fails inside; we still name the path.
    with pytest.raises(InvalidInputError) as info:
        structure({"segment_weights": [1, 2]}, Policy)
    assert info.value.field == "$.segment_weights"


@given(cst.accounts())
def test_account_json_is_standard(acc: Account) -> None:
    text = to_json(acc)
    assert json.loads(text) == unstructure(acc)
    assert from_json(text.encode(), Account) == acc


class TestPolicyFiles:
    def test_toml_and_json_give_the_same_policy(self, tmp_path: Path) -> None:
        toml = tmp_path / "p.toml"
        toml.write_text(
            "trust_bar = 65\nhalf_life_days = 60\n"
            "[segment_weights.DIGITAL]\nadoption = 0.5\n"
            '[[segments]]\nname = "All"\nmin_arr = 0\nmax_arr = inf\n'
            'coverage = "SCALED"\naccounts_per_csm = 80\n'
        )
        from_toml = Policy.load(toml)
        as_json = tmp_path / "p.json"
        as_json.write_text(to_json(from_toml))
        assert Policy.load(as_json) == from_toml
        assert from_toml.trust_bar == 65
        assert from_toml.segments == (
            Segment(
                name="All",
                min_arr=0,
                max_arr=math.inf,
                coverage=CoverageModel.SCALED,
                accounts_per_csm=80,
            ),
        )
        assert from_toml.scorecard_for(CoverageModel.DIGITAL).weights["adoption"] == 0.5

    def test_unknown_keys_in_a_policy_file_are_refused(self) -> None:
        with pytest.raises(InvalidInputError) as info:
            Policy.from_toml("trust_barr = 65")
        assert info.value.field == "$.trust_barr"

    def test_bad_toml_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="not valid TOML"):
            Policy.from_toml("trust_bar = = 3")

    def test_other_suffixes_are_refused(self, tmp_path: Path) -> None:
        yaml = tmp_path / "p.yaml"
        yaml.write_text("trust_bar: 65")
        with pytest.raises(InvalidInputError, match=r"\.toml or \.json"):
            Policy.load(yaml)

    def test_policy_values_are_validated_when_loaded(self) -> None:
        with pytest.raises(InvalidInputError) as info:
            Policy.from_json(
                '{"segments": [{"name": "Low", "min_arr": 0, "max_arr": 10, '
                '"coverage": "DIGITAL", "accounts_per_csm": 5}]}'
            )
        assert info.value.field == "$.segments[0].max_arr"


def test_dates_round_trip_exactly() -> None:
    acc = account(renewal_on=date(2027, 2, 28))
    assert from_json(to_json(acc), Account).renewal_on == date(2027, 2, 28)


@given(cst.accounts(allow_missing=False))
def test_accounts_without_missing_data(acc: Account) -> None:
    assert None not in (acc.credibility, acc.intimacy, acc.self_orientation)
    assert all(score.value is not None for score in acc.health.values())
