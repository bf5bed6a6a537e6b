"""The command line, through its real entry point (``main``, the console script's
function, and ``python -m cs_framework`` in a process): score, explain, validate, demo,
--version; exit status 0 done, 1 data refused, 2 usage; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as csv
import pyarrow.parquet as pq
import pytest

from cs_framework import (
    Book,
    BookSummary,
    ScoredBook,
    __version__,
    from_json,
    read_book,
    score_book,
)
from cs_framework._cli import main
from cs_framework.examples import EXAMPLE_DAY, example_accounts

DAY = EXAMPLE_DAY.isoformat()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """The example book as three CSV exports."""
    paths = {}
    for name, table in Book.from_accounts(example_accounts()).to_frames().items():
        if name != "overrides":
            paths[name] = tmp_path / f"{name}.csv"
            csv.write_csv(table, paths[name])
    return paths


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def book_args(files: dict[str, Path]) -> list[str]:
    return [
        str(files["accounts"]),
        "--commitments",
        str(files["commitments"]),
        "--outcomes",
        str(files["outcomes"]),
    ]


def test_score_prints_the_summary_and_writes_the_scored_book(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "scored.parquet"
    status, out, _ = run(capsys, "score", *book_args(files), "--as-of", DAY, "--out", str(out_file))
    assert status == 0
    assert "Accounts and ARR by band x segment x phase" in out
    assert "copperleaf" in out  # ready to grow
    written = ScoredBook.from_arrow(pq.read_table(out_file))
    expected = score_book(Book.from_accounts(example_accounts()), as_of=EXAMPLE_DAY)
    assert written.summary().by_band_segment_phase == expected.summary().by_band_segment_phase
    status, _, _ = run(
        capsys, "score", *book_args(files), "--as-of", DAY, "--out", str(tmp_path / "s.csv")
    )
    assert status == 0
    assert csv.read_csv(tmp_path / "s.csv").num_rows == 3


def test_score_json_is_the_summary_for_pipes(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "score", *book_args(files), "--as-of", DAY, "--json", "--quiet")
    assert status == 0
    summary = from_json(out, BookSummary)
    assert summary.ready_to_grow == [("copperleaf", 520000.0)]


def test_score_reads_your_own_column_names_and_keeps_your_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    export.write_text("Customer,ARR (USD),CSM\nacme,180000,dana\nglobex,24000,lee\n")
    names = tmp_path / "columns.toml"
    names.write_text('Customer = "account_id"\n"ARR (USD)" = "arr"\n')
    out_file = tmp_path / "scored.parquet"
    status, _, _ = run(
        capsys, "score", str(export), "--columns", str(names), "--keep", "CSM",
        "--as-of", DAY, "--out", str(out_file),
    )  # fmt: skip
    assert status == 0
    assert pq.read_table(out_file).column("CSM").to_pylist() == ["dana", "lee"]


def test_bad_data_is_refused_with_every_problem_or_marked(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    text = files["accounts"].read_text().replace("240000", "-5")
    files["accounts"].write_text(text)
    status, _, err = run(capsys, "score", *book_args(files), "--as-of", DAY)
    assert status == 1
    assert "arr=-5.0 (account 'northwind', row 0): must be a finite number >= 0" in err
    status, out, _ = run(capsys, "score", *book_args(files), "--as-of", DAY, "--errors", "mark")
    assert status == 0
    assert "Marked bad, not scored: 1 accounts" in out


def test_explain_says_why_an_account_stands_where_it_does(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "explain", "northwind", *book_args(files), "--as-of", DAY)
    assert status == 0
    assert "Northwind Health (northwind): TRUST" in out
    assert "RESOLVE_MISSED_COMMITMENTS" in out
    assert "sentiment" in out
    assert "missing" in out
    status, out, _ = run(
        capsys, "explain", "northwind", *book_args(files), "--as-of", DAY, "--json"
    )
    data = json.loads(out)
    assert data["row"]["phase"] == "TRUST"
    assert data["assessment"]["actions"][0]["action"] == "RESOLVE_MISSED_COMMITMENTS"
    points = {row["component"]: row for row in data["health_points"]}
    assert points["sentiment"]["reading"] is None
    total = sum(row["points"] for row in data["health_points"])
    assert total == pytest.approx(data["row"]["health"])
    assert points["adoption"]["reading"] == pytest.approx(55.0)
    assert all(
        row["lost"] == pytest.approx(row["weight"] * 100 - row["points"])
        for row in data["health_points"]
        if row["lost"] is not None
    )
    status, _, err = run(capsys, "explain", "nobody", *book_args(files), "--as-of", DAY)
    assert status == 1
    assert "ACCOUNT_ID='nobody': is not an account of the book" in err


def test_explain_notes_what_the_files_never_gave(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "explain", "northwind", str(files["accounts"]), "--as-of", DAY)
    assert status == 0
    assert "The files never gave" in out
    status, out, _ = run(
        capsys, "explain", "northwind", str(files["accounts"]), "--as-of", DAY, "--json"
    )
    data = json.loads(out)
    scored = score_book(read_book(files["accounts"]), as_of=EXAMPLE_DAY, explain=True)
    assert data["row"]["health"] == pytest.approx(scored["health"][0])  # score's word
    assert data["row"]["first_reason"] == scored["first_reason"][0]
    assert data["assessment"] is None


def test_validate_lists_every_bad_value_and_exits_1(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "validate", *book_args(files))
    assert (status, out.strip()) == (0, "All 3 accounts are good.")
    text = files["accounts"].read_text().replace("240000", "-5").replace("520000", "x")
    files["accounts"].write_text(text)
    status, out, _ = run(capsys, "validate", *book_args(files), "--json")
    assert status == 1
    bad = json.loads(out)["bad"]
    assert [(b["account_id"], b["field"], b["value"]) for b in bad] == [
        ("northwind", "arr", -5.0),
        ("copperleaf", "arr", "x"),
    ]
    status, out, _ = run(capsys, "validate", *book_args(files))
    assert status == 1
    assert "2 bad values" in out
    lists = tmp_path / "lists.parquet"
    pq.write_table(pa.table({"account_id": ["a"], "arr": [[1.0]]}), lists)
    status, out, _ = run(capsys, "validate", str(lists), "--json")
    assert status == 1
    assert json.loads(out)["bad"][0]["field"] == "accounts.arr"


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--accounts", "-5"],
        ["score", "no-such-file.csv"],
        ["score", "{accounts}", "--out", "scored.txt"],
        ["score", "{accounts}", "--as-of", "30/06/2026"],
        ["score", "{accounts}", "--explain"],
        ["score", "{accounts}", "--out", "{accounts}"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2_with_a_message(
    args: list[str], files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.replace("{accounts}", str(files["accounts"])) for a in args]
    status, out, err = run(capsys, *args)
    assert status == 2
    assert "Usage: cs-framework" in out + err


def test_refused_policy_and_column_files_exit_1(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("green = 30\n")
    status, _, err = run(capsys, "score", str(files["accounts"]), "--policy", str(policy))
    assert status == 1
    assert "green" in err
    columns = tmp_path / "columns.toml"
    columns.write_text("this is not toml")
    status, _, err = run(capsys, "score", str(files["accounts"]), "--columns", str(columns))
    assert status == 1
    assert "--columns=" in err


def test_demo_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "demo", "--accounts", "500")
    assert status == 0
    assert "A synthetic book of 500 accounts" in out
    status, out, _ = run(capsys, "--version")
    assert (status, out.strip()) == (0, f"cs-framework {__version__}")
    status, out, _ = run(capsys)
    assert status in (0, 2)  # no command: the help
    assert "score" in out


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cs_framework", "--version"], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"cs-framework {__version__}")


def test_python_dash_m_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import runpy

    monkeypatch.setattr(sys, "argv", ["cs_framework", "--version"])
    with pytest.raises(SystemExit) as done:
        runpy.run_module("cs_framework", run_name="__main__")
    assert done.value.code == 0


def test_an_output_that_cannot_be_written_is_refused(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "no" / "such" / "folder" / "scored.parquet"
    status, _, err = run(capsys, "score", *book_args(files), "--out", str(out_file))
    assert status == 1
    assert "could not be written" in err


def test_explain_shows_the_overrides_in_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import attrs

    from cs_framework import Override

    account = attrs.evolve(
        example_accounts()[0],
        overrides=(
            Override(
                component=None,
                value=20.0,
                reason="exec escalation call",
                expires_on=EXAMPLE_DAY.replace(month=12),
            ),
        ),
    )
    folder = tmp_path / "book"
    Book.from_accounts([account]).write_parquet(folder)
    status, out, _ = run(capsys, "explain", "northwind", str(folder), "--as-of", DAY)
    assert status == 0
    assert "(override)" in out
    assert "RED" in out


def test_score_explain_writes_the_points_won_and_lost(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "explained.parquet"
    status, _, _ = run(
        capsys, "score", *book_args(files), "--as-of", DAY, "--explain", "--out", str(out_file)
    )
    assert status == 0
    table = pq.read_table(out_file)
    assert table.column("missing").to_pylist()[0] == "sentiment"
    status, _, _ = run(
        capsys, "score", *book_args(files), "--explain", "--out", str(tmp_path / "e.csv")
    )
    assert status == 0
    assert "points_adoption" in (tmp_path / "e.csv").read_text().splitlines()[0]
    assert round(table.column("points_adoption")[0].as_py(), 1) == 15.3


def test_backtest_prints_churn_by_band_and_the_auc_or_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from datetime import date, timedelta

    from cs_framework import backtest
    from cs_framework.synthetic import make_book, make_renewals

    day = date(2026, 1, 1)
    book = make_book(600, as_of=day + timedelta(days=20), seed=2)
    paths = {}
    for name, table in book.to_frames().items():
        paths[name] = tmp_path / f"{name}.csv"
        csv.write_csv(table, paths[name])
    renewals = make_renewals(book, as_of=day, horizon_days=365, seed=2)
    csv.write_csv(renewals.rename_columns(["Customer", *renewals.column_names[1:]]),
                  tmp_path / "renewals.csv")  # fmt: skip
    (tmp_path / "names.toml").write_text('Customer = "account_id"\n')
    args = [
        str(paths["accounts"]), "--commitments", str(paths["commitments"]),
        "--outcomes", str(paths["outcomes"]), "--renewals", str(tmp_path / "renewals.csv"),
        "--renewal-columns", str(tmp_path / "names.toml"), "--as-of", "2026-01-01",
        "--horizon-days", "365", "--quiet",
    ]  # fmt: skip
    expected = backtest(book, renewals, as_of=day, horizon_days=365)
    status, out, _ = run(capsys, "backtest", *args)
    assert status == 0
    assert f"{expected.n:,} labelled account-days" in out
    assert f"AUC of health against churn: {expected.auc:.3f}" in out
    assert "commitments.made_on: dated after the scoring day, left out" in out
    assert "adoption: undated, used" in out
    status, out, _ = run(capsys, "backtest", *args, "--json")
    data = json.loads(out)
    assert data["n"] == expected.n
    assert data["auc"] == pytest.approx(expected.auc)
    assert [r["group"] for r in data["by_band"]] == ["RED", "YELLOW", "GREEN", "UNKNOWN"]
    assert data["later"] == expected.later
    status, _, err = run(capsys, "backtest", *args, "--errors", "raise")
    assert status == 1
    assert "dated after the scoring day 2026-01-01" in err


def test_the_backtest_view_shortens_many_days_and_shows_empty_groups_as_dashes() -> None:
    from datetime import timedelta

    from rich.console import Console

    from cs_framework import backtest
    from cs_framework._cli import show

    book = Book.from_accounts(example_accounts())
    days = [(EXAMPLE_DAY + timedelta(days=k), book) for k in range(4)]
    report = backtest(days, [])
    console = Console(record=True, width=120)
    console.print(show.backtest(report))
    text = console.export_text()
    assert f"0 labelled account-days ({EXAMPLE_DAY:%Y-%m-%d}," in text
    assert "and 1 more; horizon 180 days" in text
    assert "AUC of health against churn: - (0.5 is a coin toss)" in text
    assert "GRR -, NRR -" in text
    assert "no renewal decision within the horizon" in text
    red = next(line for line in text.splitlines() if "RED" in line)
    assert red.split("│")[4].strip() == "-"  # no churn rate for an empty band
