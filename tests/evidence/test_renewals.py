"""The renewals table: objects and frames read alike; bad cells listed, in one wording."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cs_framework import InvalidInputError, Renewal
from cs_framework._evidence.renewals import renewal_table

rule = pytest.mark.rule

DAY = date(2026, 9, 1)
ARR = st.none() | st.floats(min_value=0, max_value=1e9)


@st.composite
def renewals(draw: st.DrawFn) -> list[Renewal]:
    out = []
    for k in range(draw(st.integers(0, 8))):
        renewed = draw(st.booleans())
        after = draw(ARR)
        if after is not None and (after == 0) == renewed:
            after = None
        out.append(
            Renewal(
                account_id=f"a{k % 3}",
                decided_on=DAY + timedelta(days=draw(st.integers(-400, 400))),
                renewed=renewed,
                arr_before=draw(ARR),
                arr_after=after,
            )
        )
    return out


def _frame(items: list[Renewal]) -> pa.Table:
    return pa.table(
        {
            "account_id": pa.array([r.account_id for r in items], pa.string()),
            "decided_on": pa.array([r.decided_on for r in items], pa.date32()),
            "renewed": pa.array([r.renewed for r in items], pa.bool_()),
            "arr_before": pa.array([r.arr_before for r in items], pa.float64()),
            "arr_after": pa.array([r.arr_after for r in items], pa.float64()),
        }
    )


def _same(left: Any, right: Any) -> None:
    assert left.account_id.to_pylist() == right.account_id.to_pylist()
    for name in ("decided_on", "renewed", "arr_before", "arr_after"):
        np.testing.assert_array_equal(getattr(left, name), getattr(right, name), err_msg=name)


@rule("evidence.renewal")
@given(renewals())
def test_objects_a_frame_and_a_csv_file_give_the_same_table(items: list[Renewal]) -> None:
    import tempfile
    from pathlib import Path

    import pyarrow.csv as csv

    from_objects = renewal_table(items)
    _same(from_objects, renewal_table(_frame(items)))
    _same(from_objects, renewal_table(_frame(items).to_pandas()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "renewals.csv"
        csv.write_csv(_frame(items), path)
        if items:  # an empty CSV has no types to read
            _same(from_objects, renewal_table(path))


CELLS = {
    "account_id": [" ", "", None],
    "decided_on": ["2026-02-30", "yesterday", None, "2026-01-01T10:00:00"],
    "renewed": [None, "maybe", 2],
    "arr_before": [-1.0, float("inf"), "lots"],
    "arr_after": [-5.0, 3.0, 0.0],
}


@rule("evidence.renewal")
@given(data=st.data())
def test_a_value_is_refused_by_the_frame_as_by_the_object_in_its_words(data: Any) -> None:
    field = data.draw(st.sampled_from(sorted(CELLS)))
    value = data.draw(st.sampled_from(CELLS[field]))
    renewed = data.draw(st.booleans())
    fields: dict[str, Any] = {
        "account_id": "acme", "decided_on": DAY, "renewed": renewed,
        "arr_before": 100.0, "arr_after": None,
    }  # fmt: skip
    as_text = {k: [v if k != "decided_on" else v.isoformat()] for k, v in fields.items()}
    as_text[field] = [value]
    frame = pa.table({k: pa.array(v, type=None if v != [None] else pa.string())
                      for k, v in as_text.items()})  # fmt: skip
    try:
        fields[field] = date.fromisoformat(value) if field == "decided_on" else value
        Renewal(**fields)
        object_refused = None
    except (InvalidInputError, ValueError, TypeError) as error:
        object_refused = getattr(error, "field", field)
    try:
        renewal_table(frame)
        frame_refused, row = None, None
    except InvalidInputError as error:
        frame_refused, row = error.field, error.problems[0].row
    assert (object_refused is None) == (frame_refused is None), (field, value, renewed)
    if frame_refused is not None:
        assert frame_refused == field
        assert row == 0


def test_every_bad_row_is_listed_at_once_with_its_account() -> None:
    frame = pa.table(
        {
            "Customer": ["a", "b", "c"],
            "decided_on": ["2026-09-31", "2026-09-01", "2026-09-02"],
            "renewed": ["yes", "no", "yes"],
            "arr_after": [None, 5.0, 0.0],
        }
    )
    with pytest.raises(InvalidInputError) as caught:
        renewal_table(frame, columns={"Customer": "account_id"})
    listed = [(p.field, p.account_id, p.row) for p in caught.value.problems]
    assert listed == [("decided_on", "a", 0), ("arr_after", "b", 1), ("arr_after", "c", 2)]
    assert str(caught.value).startswith("3 bad renewal rows:")


@pytest.mark.parametrize(
    ("source", "columns", "says"),
    [
        (pa.table({"account_id": ["a"], "decided_on": ["2026-01-01"], "renewd": [True]}),
         None, "did you mean 'renewed'?"),
        (pa.table({"account_id": ["a"], "decided_on": ["2026-01-01"]}), None,
         "required column missing"),
        ([Renewal(account_id="a", decided_on=DAY, renewed=True), "x"], None, "must be a Renewal"),
        ([], {"a": "account_id"}, "maps the columns of a frame"),
        ({"a": 1}, None, "must be a pandas or polars DataFrame"),
        (pa.table({"account_id": ["a"], "decided_on": [[1]], "renewed": [True]}), None,
         "the column holds"),
        (pa.table({"account_id": ["a"], "day": ["2026-01-01"], "decided_on": ["2026-01-01"],
                   "renewed": [True]}), {"day": "decided_on"}, "two columns have this name"),
    ],
)  # fmt: skip
def test_a_table_that_does_not_fit_is_refused_by_name(source: Any, columns: Any, says: str) -> None:
    with pytest.raises(InvalidInputError, match=says):
        renewal_table(source, columns=columns)


def test_an_empty_pandas_frame_is_an_empty_table_whatever_its_column_types() -> None:
    """pandas types the columns of an empty frame as float: no value in them is off."""
    pd = pytest.importorskip("pandas")
    empty = pd.DataFrame({"account_id": [], "decided_on": [], "renewed": []})
    assert str(empty.dtypes["account_id"]) == "float64"
    assert len(renewal_table(empty)) == 0
