"""Loading books from pandas, polars and pyarrow: every refusal names the column."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from attrs import evolve
from dateutil import tz as dateutil_tz

from cs_framework import Account, Book, InvalidInputError, Phase, score_book
from cs_framework.examples import EXAMPLE_DAY, example_accounts


def frames() -> dict[str, pd.DataFrame]:
    return Book.from_accounts(example_accounts()).to_frames("pandas")


def changed(table: str, change: Callable[[pd.DataFrame], Any]) -> dict[str, pd.DataFrame]:
    out = frames()
    result = change(out[table])
    if isinstance(result, pd.DataFrame):
        out[table] = result
    return out


BAD: list[tuple[dict[str, Any], str]] = [
    (changed("accounts", lambda f: f.insert(0, "shoe_size", 44)), "accounts.shoe_size"),
    (changed("accounts", lambda f: f.drop(columns="arr")), "accounts.arr"),
    (changed("accounts", lambda f: f.__setitem__("arr", "lots")), "arr"),
    (changed("accounts", lambda f: f.__setitem__("setup_complete", 2)), "setup_complete"),
    (changed("accounts", lambda f: f.__setitem__("renewal_on", "next year")), "renewal_on"),
    (
        changed(
            "accounts", lambda f: f.__setitem__("renewal_on", pd.Timestamp("2026-09-01 10:30"))
        ),
        "renewal_on",
    ),
    (
        changed(
            "accounts",
            lambda f: f.__setitem__("renewal_on", pd.Timestamp("2026-09-01", tz="UTC")),
        ),
        "accounts.renewal_on",
    ),
    (changed("accounts", lambda f: f.__setitem__("teams", 2.5)), "teams"),
    (changed("accounts", lambda f: f.__setitem__("teams", [np.nan, 3.0, 12.0])), "teams"),
    (
        changed("commitments", lambda f: f.__setitem__("account_id", "nobody")),
        "commitments.account_id",
    ),
    (changed("outcomes", lambda f: f.drop(columns="metric")), "outcomes.metric"),
    (
        changed("commitments", lambda f: f.__setitem__("description", ["  "] + ["x"] * 11)),
        "commitments['nw-1'].description",
    ),
]


@pytest.mark.parametrize(("tables", "field"), BAD)
def test_bad_frames_are_refused_by_name(tables: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(**tables)
    assert info.value.field == field


def test_not_a_frame_is_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames({"account_id": ["a"]})
    assert info.value.field == "accounts"


@pytest.mark.polars
def test_frame_library_objects_that_are_not_frames_are_refused() -> None:
    import pandas as pd

    lazy = pl.LazyFrame({"account_id": ["a"], "name": ["A"]})
    things = [lazy, pl.col("arr"), pl.Series(["a"]), pd.Timestamp("2026-01-01"), pd.Series(["a"])]
    for thing in [*things, pa.chunked_array([["a"]])]:  # a stream, but of no table
        with pytest.raises(InvalidInputError, match="must be a pandas or polars DataFrame"):
            Book.from_frames(thing)


def test_errors_must_be_raise_or_mark() -> None:
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(**frames(), errors="skip")  # type: ignore[arg-type]
    assert info.value.field == "errors"


@pytest.mark.polars
def test_accounts_alone_are_enough() -> None:
    accounts = pl.DataFrame({"account_id": ["a", "b"], "arr": [5_000.0, 250_000.0]})
    book = Book.from_frames(accounts)
    assert len(book) == 2
    assert book.to_accounts()[1].name == "b"  # the name defaults to the id
    scored = score_book(book, as_of=EXAMPLE_DAY)
    assert list(scored["phase"]) == [Phase.TRUST, Phase.TRUST]


def test_python_dates_and_empty_columns_are_read() -> None:
    accounts = pd.DataFrame(
        {
            "account_id": ["a", "b"],
            "arr": [1.0, 2.0],
            "renewal_on": [date(2026, 9, 1), None],
            "credibility": [None, None],
        }
    )
    book = Book.from_frames(accounts)
    assert book.to_accounts()[0].renewal_on == date(2026, 9, 1)
    assert np.isnan(book.accounts.credibility).all()


def test_arrow_tables_are_read() -> None:
    table = pa.table({"account_id": ["a"], "arr": [7.0], "setup_complete": [True]})
    assert Book.from_frames(table).to_accounts()[0].setup_complete is True


@pytest.mark.polars
def test_scored_rows_as_python_values() -> None:
    scored = score_book(
        Book.from_accounts(example_accounts()),
        as_of=EXAMPLE_DAY,
        scored_at=datetime(2026, 6, 30, 9, 0, tzinfo=UTC),
    )
    rows = list(scored.rows())
    assert [r["phase"] for r in rows] == [Phase.TRUST, Phase.PROVE, Phase.GROW]
    assert rows[2]["segment"] == "High touch"
    assert scored.to_polars()["phase"].to_list() == ["TRUST", "PROVE", "GROW"]
    assert scored.to_arrow().column("account_id").to_pylist() == [
        "northwind",
        "bluebird",
        "copperleaf",
    ]


def test_marked_rows_read_as_none() -> None:
    tables = frames()
    tables["accounts"].loc[1, "arr"] = -1.0
    book = Book.from_frames(**tables, errors="mark")
    rows = list(score_book(book, as_of=EXAMPLE_DAY, errors="mark").rows())
    assert rows[1]["phase"] is None
    assert rows[1]["segment"] is None
    assert "arr=-1.0" in rows[1]["error"]
    red = [r for r in rows if r["escalation_due"] is not None]
    assert all(r["escalation_due"].tzinfo is UTC for r in red)


def test_duplicate_ids_are_listed_whatever_their_type() -> None:
    tables = frames()
    tables["commitments"].loc[1, "commitment_id"] = "nw-1"  # text ids, same account
    tables["accounts"].loc[2, "account_id"] = "bluebird"
    tables["commitments"].loc[tables["commitments"]["account_id"] == "copperleaf", "account_id"] = (
        "bluebird"
    )
    tables["outcomes"].loc[tables["outcomes"]["account_id"] == "copperleaf", "account_id"] = (
        "bluebird"
    )
    with pytest.raises(InvalidInputError) as info:
        Book.from_frames(**tables)
    fields = {(p.account_id, p.field) for p in info.value.problems}
    assert ("northwind", "commitments['nw-1'].id") in fields
    assert ("bluebird", "id") in fields


def test_whole_number_ids_are_checked_too() -> None:
    from cs_framework._book.checks import book_problems
    from cs_framework.synthetic import make_book

    book = make_book(50, seed=3)
    assert book_problems(book) == []
    book.commitments.id[1] = book.commitments.id[0]  # a copy of the same account's id
    found = book_problems(book)
    assert [(k, p.field) for k, p in found] == [(0, "commitments[0].id")]


@pytest.mark.parametrize(
    ("zone", "polars_keeps_it"),
    [
        (UTC, True),
        (ZoneInfo("America/New_York"), True),
        (timezone(timedelta(hours=-8)), True),
        (timezone(timedelta(hours=5, minutes=30)), False),  # polars names no such offset
    ],
    ids=str,
)
@pytest.mark.polars
def test_frames_give_the_escalation_time_of_the_rows(zone: Any, polars_keeps_it: bool) -> None:
    """pandas, polars and Arrow hold the same instant as the rows, time-zone aware, in the
    scoring time's zone (polars in UTC where it cannot name that zone)."""
    red = Account(
        id="r",
        name="R",
        arr=1.0,
        health={"adoption": 5.0, "engagement": 5.0, "support": 5.0, "sentiment": 5.0},
    )
    at = datetime(2026, 10, 31, 9, 0, tzinfo=zone)
    scored = score_book(Book.from_accounts([red]), as_of=EXAMPLE_DAY, scored_at=at)
    due = next(scored.rows())["escalation_due"]
    assert due.tzinfo is zone
    in_pandas = scored.to_pandas()["escalation_due"].iloc[0]
    in_polars = scored.to_polars()["escalation_due"][0]
    in_arrow = scored.to_arrow().column("escalation_due")[0].as_py()
    assert due == in_pandas == in_polars == in_arrow
    assert in_pandas.utcoffset() == in_arrow.utcoffset() == due.utcoffset()
    assert (in_polars.utcoffset() == due.utcoffset()) is polars_keeps_it


class _NamedZone(tzinfo):
    """A zone that names itself as pytz zones do (``.zone``, no ``.key``): +05:30."""

    zone = "Asia/Kolkata"

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=5, minutes=30)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


#: A zone with no name but a daylight-saving rule: +01:00 in winter, +02:00 in summer.
_KEYLESS_CET = dateutil_tz.tzstr("CET-1CEST,M3.5.0,M10.5.0/3")


def _red_book() -> Book:
    return Book.from_accounts(
        [Account(id="red", name="Red", arr=1.0, health={"adoption": 10.0, "support": 10.0})]
    )


@pytest.mark.parametrize(
    ("zone", "arrow"),
    [
        (UTC, "UTC"),
        (ZoneInfo("Europe/Paris"), "Europe/Paris"),
        (_NamedZone(), "Asia/Kolkata"),
        (timezone(timedelta(hours=-5)), "-05:00"),
        (timezone(timedelta(hours=5, minutes=30)), "+05:30"),
        (timezone(-timedelta(hours=5, seconds=30)), "-05:00"),  # to the minute
    ],
    ids=str,
)
def test_arrow_names_the_scoring_zone(zone: Any, arrow: str) -> None:
    at = datetime(2026, 6, 30, 9, 0, tzinfo=zone)
    scored = score_book(_red_book(), as_of=EXAMPLE_DAY, scored_at=at)
    assert scored.to_arrow().schema.field("escalation_due").type.tz == arrow


@pytest.mark.parametrize(
    ("zone", "polars"),
    [
        (UTC, "UTC"),
        (ZoneInfo("Europe/Paris"), "Europe/Paris"),
        (_NamedZone(), "Asia/Kolkata"),
        (timezone(timedelta(hours=-5)), "Etc/GMT+5"),
        (timezone(timedelta(hours=5, minutes=30)), "UTC"),
        (timezone(-timedelta(hours=5, seconds=30)), "Etc/GMT+5"),  # to the minute
    ],
    ids=str,
)
@pytest.mark.polars
def test_polars_names_the_scoring_zone_where_it_can(zone: Any, polars: str) -> None:
    at = datetime(2026, 6, 30, 9, 0, tzinfo=zone)
    scored = score_book(_red_book(), as_of=EXAMPLE_DAY, scored_at=at)
    assert scored.to_polars().schema["escalation_due"].time_zone == polars


@pytest.mark.parametrize(
    ("scored_at", "offset"),
    [(datetime(2026, 6, 30, 9, 0), "+02:00"), (datetime(2026, 1, 30, 9, 0), "+01:00")],
    ids=["summer", "winter"],
)
def test_a_zone_without_a_name_is_named_by_its_offset_at_the_scoring_time(
    scored_at: datetime, offset: str
) -> None:
    """Whatever the day the code runs, the frames say the offset the scoring time had."""
    at = scored_at.replace(tzinfo=_KEYLESS_CET)
    scored = score_book(_red_book(), as_of=at.date(), scored_at=at)
    assert scored.to_arrow().schema.field("escalation_due").type.tz == offset


@pytest.mark.parametrize(
    ("scored_at", "offset"),
    [(datetime(2026, 6, 30, 9, 0), "+02:00"), (datetime(2026, 1, 30, 9, 0), "+01:00")],
    ids=["summer", "winter"],
)
@pytest.mark.polars
def test_polars_names_a_keyless_zone_by_its_whole_hour_offset(
    scored_at: datetime, offset: str
) -> None:
    at = scored_at.replace(tzinfo=_KEYLESS_CET)
    scored = score_book(_red_book(), as_of=at.date(), scored_at=at)
    hours = int(offset[1:3])
    assert scored.to_polars().schema["escalation_due"].time_zone == f"Etc/GMT-{hours}"


def test_results_in_arrow_and_pandas_are_typed_names_never_objects() -> None:
    """Enum columns as names (UNKNOWN, the band of -1, included), a marked row's as
    null; text as strings; the error as text."""
    accounts = [
        Account(id="red", name="Red", arr=1.0, health={"adoption": 10.0, "support": 10.0}),
        Account(id="unknown", name="Unknown", arr=1.0),
        Account(id="green", name="Green", arr=5e5, health={"adoption": 90.0, "support": 90.0}),
        Account(id="bad", name="Bad", arr=1.0),
    ]
    book = Book.from_accounts(accounts)
    bad = evolve(book, accounts=evolve(book.accounts, arr=np.array([1.0, 1.0, 5e5, -1.0])))
    scored = score_book(evolve(bad, marks=None), as_of=EXAMPLE_DAY, errors="mark")
    table = scored.to_arrow()
    # A marked row's band is UNKNOWN (a member), its phase and segment none.
    assert table.column("health_band").to_pylist() == ["RED", "UNKNOWN", "YELLOW", "UNKNOWN"]
    assert table.column("segment").to_pylist() == ["Digital", "Digital", "High touch", None]
    assert table.column("phase").to_pylist()[3] is None
    assert str(table.schema.field("error").type) == "large_string"
    assert str(table.schema.field("account_id").type) == "large_string"
    frame = scored.to_pandas()
    assert str(frame["health_band"].dtype) == "category"
    assert isinstance(frame["account_id"].dtype, pd.StringDtype)
    assert isinstance(frame["error"].dtype, pd.StringDtype)


def test_the_summary_gives_escalations_in_the_scoring_zone() -> None:
    paris = ZoneInfo("Europe/Paris")
    at = datetime(2026, 6, 30, 9, 30, tzinfo=paris)
    summary = score_book(_red_book(), as_of=EXAMPLE_DAY, scored_at=at).summary()
    ((account_id, due, _),) = summary.escalations
    assert (account_id, due.tzinfo) == ("red", paris)
    assert "due 2026-07-02 09:30" in str(summary)


def test_rows_do_not_depend_on_the_machine_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The escalation time read back from NumPy is UTC, not the host's local time."""
    at = datetime(2026, 6, 30, 9, 30, tzinfo=UTC)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        due = next(score_book(_red_book(), as_of=EXAMPLE_DAY, scored_at=at).rows())
    finally:
        monkeypatch.undo()
        time.tzset()
    assert due["escalation_due"] == datetime(2026, 7, 2, 9, 30, tzinfo=UTC)
