"""The public boundary keeps the error contract: inputs that used to escape as foreign
exceptions (RecursionError, TypeError, OverflowError, ZeroDivisionError, ...) or be
accepted and fail later are refused with a CSFrameworkError naming field and value."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

from cs_framework import (
    Account,
    Adoption,
    Band,
    Book,
    BookSummary,
    HealthColumns,
    InvalidInputError,
    Outcome,
    Policy,
    Scorecard,
    TrustScore,
    assess,
    from_json,
    health_score,
    read_book,
    score_book,
    to_json,
)
from cs_framework.examples import EXAMPLE_DAY, example_accounts

ACME = example_accounts()[0]
WEST, EAST = timezone(timedelta(hours=-5)), timezone(timedelta(hours=5))


def refused(call: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        call()
    return info.value


@pytest.mark.parametrize(
    ("text", "cls", "field", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, Account, "$", "nested too deeply"),
        (None, Account, "text", "must be JSON text"),
        (b"\xff{}", Account, "$", "not valid JSON"),
        ('{"id": "a"}', Account | None, "cls", "must be one of the library's classes"),
        ('{"id": "a"}', dict, "cls", "must be one of the library's classes"),
    ],
    ids=["deep", "none", "not-utf8", "union", "dict"],
)
def test_from_json_refuses_what_is_not_json_of_a_library_class(
    text: Any, cls: Any, field: str, reason: str
) -> None:
    err = refused(lambda: from_json(text, cls))
    assert err.field == field
    assert reason in err.problems[0].reason


def test_to_json_of_what_is_not_the_librarys_is_refused_by_its_type() -> None:
    for obj, name in ((object(), "object"), ({1, 2}, "set")):
        err = refused(lambda obj=obj: to_json(obj))
        assert (err.field, err.value) == ("obj", name)
        assert "to_json writes the library's objects" in err.problems[0].reason


def test_from_json_reads_health_components_as_the_constructor_does() -> None:
    text = '{"id": "a", "name": "A", "arr": 1, "health": {"support": 80, "nps": null}}'
    assert from_json(text, Account) == Account(
        id="a", name="A", arr=1.0, health={"support": 80, "nps": None}
    )
    err = refused(
        lambda: from_json('{"id": "a", "name": "A", "arr": 1, "health": {"x": "80"}}', Account)
    )
    assert err.problems[0].field == "$.health['x']"
    assert "TypeError" not in str(err)


def test_policy_loaders_take_bytes_and_refuse_unreadable_files(tmp_path: Path) -> None:
    assert Policy.from_toml(b"trust_bar = 60").trust_bar == 60.0
    latin = tmp_path / "latin.toml"
    latin.write_bytes("# café\ntrust_bar = 60\n".encode("latin-1"))
    err = refused(lambda: Policy.load(latin))
    assert "not UTF-8 text" in err.problems[0].reason
    missing = tmp_path / "missing.toml"
    err = refused(lambda: Policy.load(missing))
    assert (err.field, err.value) == ("path", str(missing))
    assert "cannot be read" in err.problems[0].reason
    assert refused(lambda: Policy.load(7)).field == "path"  # type: ignore[arg-type]
    assert refused(lambda: Policy.load(tmp_path / "p.yaml")).field == "path"
    assert refused(lambda: Policy.from_toml(7)).field == "text"  # type: ignore[arg-type]
    json_file = tmp_path / "p.json"
    json_file.write_text('{"proof_bar": 55}', encoding="utf-8")
    assert Policy.load(json_file).proof_bar == 55.0


def test_counts_beyond_exact_floats_are_refused_where_they_are_given() -> None:
    err = refused(lambda: Adoption(licensed_users=2**63, weekly_active_users=1))
    assert (err.field, err.value) == ("licensed_users", 2**63)
    assert Adoption(licensed_users=2**53, weekly_active_users=1).licensed_users == 2**53


@pytest.mark.parametrize(
    ("as_of", "scored_at", "field"),
    [
        (date(9999, 12, 30), None, "as_of"),
        (
            date(9999, 12, 31),
            datetime(9999, 12, 31, tzinfo=timezone(timedelta(hours=-5))),
            "scored_at",
        ),
        (date(1, 1, 1), datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))), "scored_at"),
    ],
)
def test_a_scoring_time_whose_escalation_cannot_exist_is_refused_on_both_paths(
    as_of: date, scored_at: datetime | None, field: str
) -> None:
    book = Book.from_accounts([ACME])
    for call in (
        lambda: assess(ACME, as_of=as_of, scored_at=scored_at),
        lambda: score_book(book, as_of=as_of, scored_at=scored_at),
    ):
        err = refused(call)
        assert err.field == field
        assert "48 hours" in err.problems[0].reason
    assert assess(ACME, as_of=date(9999, 12, 28)).health is not None


def test_a_trust_scale_too_wide_to_compute_is_refused_at_the_policy() -> None:
    err = refused(lambda: Policy(trust_scale_min=1e-300, trust_scale_max=1e300))
    assert err.field == "trust_scale_max"
    assert "ratio" in err.problems[0].reason
    wide = Policy(trust_scale_min=1.0, trust_scale_max=1e140)
    assert assess(ACME, as_of=EXAMPLE_DAY, policy=wide).phase is not None


def test_progress_is_exact_for_huge_finite_values() -> None:
    halfway = Outcome(
        id="o",
        account_id="a",
        description="d",
        metric="m",
        baseline=1e308,
        target=-1e308,
        current=0,
    )
    assert halfway.progress == 0.5


def test_a_hand_built_trust_score_is_validated() -> None:
    good = TrustScore.of(credibility=8, reliability=8, intimacy=8, self_orientation=3)
    assert TrustScore(**attrs.asdict(good)) == good
    for change, field in (
        ({"credibility": -5}, "credibility"),
        ({"index": 1000}, "index"),
        ({"value": 3.0}, "value"),
        ({"band": Band.RED}, "band"),
    ):
        err = refused(lambda change=change: TrustScore(**{**attrs.asdict(good), **change}))
        assert err.field == field
    assert refused(lambda: from_json('{"credibility": -5}', TrustScore)).problems


def test_weights_near_the_largest_float_score_as_their_ratios_on_both_paths() -> None:
    """Sums of 1e308 weights overflow: the score is still the weighted mean, and
    assess and score_book agree (score_book gave UNKNOWN, assess raised)."""
    huge = health_score({"adoption": 50, "support": 60}, {"adoption": 1e308, "support": 1e308})
    assert (huge.value, huge.coverage) == (55.0, 1.0)
    weights = dict.fromkeys(Policy().scorecard.weights, 1e308)
    policy = Policy(scorecard=Scorecard(weights=weights))
    one = assess(ACME, as_of=EXAMPLE_DAY, policy=policy).health
    book = score_book(Book.from_accounts([ACME]), as_of=EXAMPLE_DAY, policy=policy)
    equal = Policy(scorecard=Scorecard(weights=dict.fromkeys(weights, 1.0)))
    assert (
        one.value == book["health"][0] == assess(ACME, as_of=EXAMPLE_DAY, policy=equal).health.value
    )


def test_frame_cells_python_cannot_hold_are_refused_by_name() -> None:
    """Found by the loader fuzzing: whole numbers beyond 2**53 in a number column, and a
    date beyond year 9999 where a count belongs, were foreign Arrow/Python errors."""
    import pyarrow as pa

    frames = Book.from_accounts(example_accounts()).to_frames()
    accounts = frames["accounts"]
    arr = accounts.set_column(
        accounts.schema.get_field_index("arr"), "arr", pa.array([1, 2**62, 3])
    )
    # (Now an ARR beyond 2**53 is its nearest float on every path, as in the constructor.)
    assert Book.from_frames(arr).accounts.arr[1] == Account(id="a", name="a", arr=2**62).arr
    dates = pa.array([3_000_000, 0, -5], pa.date32())  # (the column is shown by its first)
    counts = accounts.set_column(
        accounts.schema.get_field_index("weekly_active_users"), "weekly_active_users", dates
    )
    err = refused(lambda: Book.from_frames(counts))
    assert err.problems[0].field == "accounts.weekly_active_users"
    shown = [str(p.value) for p in err.problems]
    assert "3000000 (date32[day], stored number: beyond the dates Python can show)" in shown


def test_what_the_cross_path_fuzzing_found_is_refused_or_accepted_on_every_path() -> None:
    """Found by tests/fuzz/test_fuzz_paths.py: the frames accepted what the objects refuse
    (a blank record id, a NaN held as a value, a count of 2**53 + 1 read as 2**53), and
    the objects refused what the frames accept (a count written 3.0)."""
    import pyarrow as pa

    frames = Book.from_accounts(example_accounts()[:1]).to_frames()

    def with_cell(table: str, column: str, cells: pa.Array) -> dict[str, Any]:
        t = frames[table]
        return {**frames, table: t.set_column(t.schema.get_field_index(column), column, cells)}

    ids = frames["commitments"].column("commitment_id").to_pylist()
    for blank_id in ("", " \t"):
        bad = with_cell("commitments", "commitment_id", pa.array([blank_id, *ids[1:]]))
        err = refused(lambda bad=bad: Book.from_frames(**bad))
        assert (err.problems[0].value, err.problems[0].reason) == (
            blank_id,
            "must be a non-empty string",
        )
    nan = with_cell("accounts", "credibility", pa.array([float("nan")]))
    err = refused(lambda: Book.from_frames(**nan))
    assert (err.problems[0].field, err.problems[0].reason) == (
        "credibility",
        "must be a finite number in [1, 10]",
    )
    assert refused(lambda: attrs.evolve(ACME, credibility=math.nan)).problems[0].reason == (
        "must be a finite number in [1, 10]"
    )
    for huge in (pa.array([2**53 + 1], pa.int64()), pa.array([2**64 - 1], pa.uint64())):
        err = refused(lambda huge=huge: Book.from_frames(**with_cell("accounts", "teams", huge)))
        assert err.problems[0].value == huge[0].as_py()
        assert "beyond 2**53" in err.problems[0].reason
    for eight in (pa.array([8.0]), pa.array([8], pa.int8())):
        assert Book.from_frames(**with_cell("accounts", "teams", eight)).accounts.teams == [8]
    assert Adoption(licensed_users=3.0, teams=2.0).teams == 2
    assert from_json('{"licensed_users": 3.0}', Adoption).licensed_users == 3
    assert refused(lambda: Adoption(licensed_users=2.5)).value == 2.5


def test_damaged_files_are_refused_by_path(tmp_path: Path) -> None:
    """Found by tests/fuzz/test_fuzz_files.py: a Parquet file whose text is not UTF-8 (an
    ArrowInvalid deep in the loader) or whose column names are not (a UnicodeDecodeError)."""
    book = Book.from_accounts(example_accounts())
    book.write_parquet(tmp_path)
    path = tmp_path / "accounts.parquet"
    clean = path.read_bytes()
    for damaged in (
        clean.replace(b"Northwind Health", b"\xfforthwind Health"),
        clean.replace(b"\x0bcredibility", b"\x0b\xe3redibility"),
    ):
        assert damaged != clean
        path.write_bytes(damaged)
        for call in (lambda: read_book(path), lambda: read_book(tmp_path)):
            err = refused(call)
            assert err.problems[0].field == "accounts"
            assert "could not be read" in err.problems[0].reason


@pytest.mark.parametrize(
    ("text", "cls", "field", "reason"),
    [
        ('"x"', Account, "$", "expected an object"),
        (
            '{"id": "a", "name": "A", "arr": 1, "health": [1]}',
            Account,
            "$.health",
            "expected an object",
        ),
        (
            '{"id": "a", "name": "A", "arr": 1, "commitments": "ab"}',
            Account,
            "$.commitments",
            "expected a list",
        ),
        (
            '{"id": "a", "name": "A", "arr": 1, "commitments": [5]}',
            Account,
            "$.commitments[0]",
            "expected an object",
        ),
        ('{"segments": 5}', Policy, "$.segments", "expected a list"),
        (
            '{"by_band_segment_phase": [[1]], "escalations": [], "ready_to_grow": []}',
            BookSummary,
            "$.by_band_segment_phase[0]",
            "expected a list of 5 values",
        ),
        ('{"value": [1]}', HealthColumns, "$", "cannot be read from JSON"),
    ],
)
def test_a_document_of_the_wrong_shape_is_refused_in_words(
    text: str, cls: type[Any], field: str, reason: str
) -> None:
    """Found by the message sweep: shapes refused with Python's words
    (``AttributeError: 'list' object has no attribute 'keys'``)."""
    err = refused(lambda: from_json(text, cls))
    assert (err.problems[0].field, err.problems[0].reason) == (field, reason)


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        (
            {"by_band_segment_phase": "x"},
            "by_band_segment_phase",
            "must be a list of (str, str, str, int, float) tuples",
        ),
        (
            {"by_band_segment_phase": [("RED", "a", "b", 1)]},
            "by_band_segment_phase[0]",
            "must be a (str, str, str, int, float) tuple",
        ),
        (
            {"by_band_segment_phase": [("RED", "a", "b", -1, 1.0)]},
            "by_band_segment_phase[0]",
            "must be a",
        ),
        (
            {"by_band_segment_phase": [("RED", "a", 3, 1, 1.0)]},
            "by_band_segment_phase[0]",
            "must be a",
        ),
        (
            {"ready_to_grow": [("a", float("nan"))]},
            "ready_to_grow[0]",
            "must be a (str, float) tuple",
        ),
        (
            {"escalations": [("a", datetime(2026, 1, 1), 1.0)]},
            "escalations[0]",
            "must be a (str, datetime, float) tuple",
        ),
        ({"marked": [("a", 1)]}, "marked[0]", "must be a (str, str) tuple"),
    ],
)
def test_a_book_summary_is_checked_as_it_is_built(
    fields: dict[str, Any], field: str, reason: str
) -> None:
    base: dict[str, Any] = {"by_band_segment_phase": [], "escalations": [], "ready_to_grow": []}
    err = refused(lambda: BookSummary(**{**base, **fields}))
    assert err.problems[0].field == field
    assert err.problems[0].reason.startswith(reason)
    aware = datetime(2026, 1, 1, tzinfo=UTC)
    assert BookSummary(**{**base, "escalations": [("a", aware, 1.0)]}).escalations[0][1] == aware


def test_a_scored_book_is_checked_as_it_is_built() -> None:
    from cs_framework import ScoredBook

    aware = datetime(2026, 1, 1, tzinfo=UTC)
    for fields, field in (
        ({"columns": {}, "segment_names": [1], "scored_at": aware}, "segment_names[0]"),
        ({"columns": {}, "segment_names": (), "scored_at": datetime(2026, 1, 1)}, "scored_at"),
        ({"columns": [], "segment_names": (), "scored_at": aware}, "columns"),
    ):
        assert refused(lambda fields=fields: ScoredBook(**fields)).problems[0].field == field
    assert ScoredBook(columns={}, segment_names=["Top"], scored_at=aware).segment_names == ("Top",)


def test_what_the_second_review_found_is_refused_by_name() -> None:
    """Counts given as booleans; text with a lone surrogate (no file can hold it);
    a pandas object column with an integer beyond int64 (an OverflowError)."""
    import pandas as pd

    assert refused(lambda: Adoption(licensed_users=5, teams=True)).problems[0].field == "teams"
    with pytest.raises(InvalidInputError):
        score_book(Book.from_accounts([ACME]), as_of=EXAMPLE_DAY, workers=True)
    err = refused(lambda: from_json('{"id": "a\\ud800", "name": "A", "arr": 1}', Account))
    assert err.problems[0].reason == "must be a non-empty string"
    huge = pd.DataFrame({"account_id": ["a"], "arr": pd.Series([10**30], dtype=object)})
    # Read cell by cell (it was an OverflowError), as the constructor reads it.
    assert Book.from_frames(huge).accounts.arr[0] == Account(id="a", name="a", arr=10**30).arr
