"""The commands: ``score`` a book from files, ``explain`` one account, ``validate`` the
files (every bad row), ``backtest`` the score against renewals, ``demo`` on built-in
data; ``--version``.

Exit status: 0 done, 1 the data was refused (every problem printed), 2 a usage error
(click prints it; never a traceback). Progress goes to stderr, results to stdout, so
``--json`` output can be piped.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from .. import __version__
from .._book.book import Book, read_book
from .._book.checks import policy_problems
from .._book.scored import ScoredBook, score_book
from .._book.text import as_text
from .._errors import CSFrameworkError, InvalidInputError, Problem
from .._evidence.backtest import backtest as run_backtest
from .._functions.assess import assess
from .._model.json import to_json
from .._model.policy import Policy
from ..examples import EXAMPLE_DAY, example_accounts
from ..synthetic import SYNTHETIC_DAY, make_book
from . import show
from .inputs import load_columns, load_policy

__all__ = ["app", "command"]

T = TypeVar("T")

app = typer.Typer(
    name="cs-framework",
    help="Customer-success practice as code: score a book of accounts from your own "
    "files, explain one account, list every bad row.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class Errors(StrEnum):
    """What to do with bad rows."""

    raise_ = "raise"
    mark = "mark"


def _version(shown: bool) -> None:
    if shown:
        sys.stdout.write(f"cs-framework {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Customer-success practice as code."""


# -- the options the commands share ----------------------------------------------------

_FILE = {"exists": True, "dir_okay": False, "readable": True}
Accounts = Annotated[
    Path,
    typer.Argument(
        exists=True,
        metavar="ACCOUNTS",
        help="The accounts: a CSV or Parquet file, or a book's folder.",
    ),
]
Commitments = Annotated[Path | None, typer.Option(help="The commitments file.", **_FILE)]
Outcomes = Annotated[Path | None, typer.Option(help="The outcomes file.", **_FILE)]
Overrides = Annotated[Path | None, typer.Option(help="The overrides file.", **_FILE)]
Columns = Annotated[
    Path | None,
    typer.Option(help="A TOML file mapping your column names to the library's.", **_FILE),
]
Keep = Annotated[
    list[str] | None,
    typer.Option("--keep", help="An account column to carry to the result (repeatable)."),
]
PolicyFile = Annotated[
    Path | None, typer.Option("--policy", help="A policy file (TOML or JSON).", **_FILE)
]
AsOf = Annotated[
    datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="The day of the assessment (default: today)."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON to stdout, for pipes.")]
Quiet = Annotated[bool, typer.Option("--quiet", help="No progress bar.")]


def _day(as_of: datetime | None) -> date:
    return date.today() if as_of is None else as_of.date()


@contextmanager
def _stages(total: int, quiet: bool) -> Iterator[Callable[[str, Callable[[], T]], T]]:
    """A progress bar over the stages of a command (on stderr); yields ``step``."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=_console(stderr=True),
        transient=True,
        disable=quiet,
    )
    with progress:
        task = progress.add_task("", total=total)

        def step(description: str, work: Callable[[], T]) -> T:
            progress.update(task, description=description)
            done = work()
            progress.advance(task)
            return done

        yield step


def _refused(error: CSFrameworkError) -> typer.Exit:
    """Print a refusal (every problem it lists) to stderr; exit status 1."""
    # Unwrapped, so each problem stays on one line for grep and logs.
    _console(stderr=True).print(
        Text.assemble(("refused:", "bold red"), f" {error}"), soft_wrap=True
    )
    return typer.Exit(1)


def _console(*, stderr: bool = False) -> Console:
    """A console that prints text as it is: a user's ids and descriptions may hold
    square brackets, which rich would otherwise read as markup."""
    return Console(stderr=stderr, markup=False, highlight=False, emoji=False)


def _out(console: Console, renderable: Any) -> None:
    console.print(renderable)


def _read(
    files: tuple[Path, Path | None, Path | None, Path | None],
    *,
    columns: Path | None,
    keep: list[str] | None,
    policy: Path | None,
    errors: str,
) -> tuple[Book, Policy]:
    """The book the files hold, and the policy it is read and scored under."""
    rules = load_policy(policy)
    book = read_book(
        *files,
        columns=load_columns(columns),
        keep=keep or (),
        policy=rules,
        errors=errors,  # type: ignore[arg-type]
    )
    return book, rules


# -- the commands ----------------------------------------------------------------------


@app.command()
def score(
    accounts: Accounts,
    commitments: Commitments = None,
    outcomes: Outcomes = None,
    overrides: Overrides = None,
    columns: Columns = None,
    keep: Keep = None,
    policy: PolicyFile = None,
    as_of: AsOf = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Write the scored book here: .parquet or .csv.", dir_okay=False),
    ] = None,
    errors: Annotated[
        Errors, typer.Option(help="raise: refuse a book with bad rows; mark: keep them, marked.")
    ] = Errors.raise_,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Add each account's health points, points lost and missing components to --out.",
        ),
    ] = False,
    json_out: Json = False,
    quiet: Quiet = False,
) -> None:
    """Score a book from your files and print where it stands."""
    if out is not None and out.suffix.lower() not in (".parquet", ".csv"):
        raise typer.BadParameter("must end in .parquet or .csv", param_hint="--out")
    inputs = [p for p in (accounts, commitments, outcomes, overrides, columns, policy) if p]
    if out is not None and any(out.resolve() == p.resolve() for p in inputs):
        raise typer.BadParameter(
            "is one of the input files: it would be overwritten", param_hint="--out"
        )
    if explain and out is None:
        raise typer.BadParameter(
            "adds columns to the file --out writes: give --out", param_hint="--explain"
        )
    try:
        with _stages(3 if out else 2, quiet) as step:
            book, rules = step(
                "Reading the book",
                lambda: _read(
                    (accounts, commitments, outcomes, overrides),
                    columns=columns,
                    keep=keep,
                    policy=policy,
                    errors=errors.value,
                ),
            )
            scored = step(
                f"Scoring {len(book):,} accounts",
                lambda: score_book(
                    book,
                    as_of=_day(as_of),
                    policy=rules,
                    errors=errors.value,
                    explain=explain,
                ),
            )
            if out is not None:
                step(f"Writing {out}", lambda: _write(scored, out))
    except CSFrameworkError as error:
        raise _refused(error) from None
    summary = scored.summary()
    if json_out:
        sys.stdout.write(to_json(summary) + "\n")
    else:
        _out(_console(), show.summary(summary))


def _write(scored: ScoredBook, path: Path) -> None:
    table = scored.to_arrow()
    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, path)
        else:
            import pyarrow.csv as csv

            csv.write_csv(table, path)
    except OSError as error:
        raise InvalidInputError(
            field="--out", value=str(path), reason=f"could not be written: {error.strerror}"
        ) from None


@app.command()
def explain(
    account_id: Annotated[str, typer.Argument(help="The id of the account to explain.")],
    accounts: Accounts,
    commitments: Commitments = None,
    outcomes: Outcomes = None,
    overrides: Overrides = None,
    columns: Columns = None,
    keep: Keep = None,
    policy: PolicyFile = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Why one account stands where it does: its phase, health points won and lost,
    what is missing, its gaps with their evidence, and the plan with reasons."""
    try:
        book, rules = _read(
            (accounts, commitments, outcomes, overrides),
            columns=columns,
            keep=keep,
            policy=policy,
            errors="raise",
        )
        found = pc.index(as_text(book.accounts.id), pa.scalar(account_id, pa.large_string()))
        position = found.as_py()
        if position < 0:
            raise InvalidInputError(
                field="ACCOUNT_ID", value=account_id, reason="is not an account of the book"
            )
        one = book.take([position])
        day = _day(as_of)
        # The book's own scores: what `score` says of the account, files left out or not.
        row = next(score_book(one, as_of=day, policy=rules, explain=True).rows())
        result = None
        if not book.not_given:  # an Account says all the files said: the full plan
            result = assess(one.to_accounts()[0], as_of=day, policy=rules)
    except CSFrameworkError as error:
        raise _refused(error) from None
    components = tuple(rules.weight_table[0])
    if json_out:
        data = show.plain(show.explanation_data(row, components, result))
        sys.stdout.write(json.dumps(data, allow_nan=False) + "\n")
        return
    console = _console()
    _out(console, show.explanation(row, components, result))
    if book.not_given:
        never = ", ".join(sorted(book.not_given))
        console.print(
            f"The files never gave {never}: unknown, not failed; the plan beyond the first "
            "action needs them."
        )


@app.command()
def validate(
    accounts: Accounts,
    commitments: Commitments = None,
    outcomes: Outcomes = None,
    overrides: Overrides = None,
    columns: Columns = None,
    keep: Keep = None,
    policy: PolicyFile = None,
    json_out: Json = False,
) -> None:
    """Check your files: every bad value, with its account, row, field and reason.
    Exit status 1 when there is any."""
    try:
        book, rules = _read(
            (accounts, commitments, outcomes, overrides),
            columns=columns,
            keep=keep,
            policy=policy,
            errors="mark",
        )
        found: list[tuple[str | None, Problem]] = [
            (None, p) for _, p in [*(book.marks or ()), *policy_problems(book, rules)]
        ]
    except InvalidInputError as error:  # problems no account can carry
        found = [(None, p) for p in error.problems]
        book = None
    rows = show.problem_rows(found)
    if json_out:
        sys.stdout.write(json.dumps({"bad": rows}, allow_nan=False) + "\n")
    elif rows:
        _out(_console(), show.problems(rows))
    else:
        _console().print(f"All {len(book or ()):,} accounts are good.")
    if rows:
        raise typer.Exit(1)


class Leakage(StrEnum):
    """What to do with values dated after the scoring day."""

    exclude = "exclude"
    raise_ = "raise"


@app.command()
def backtest(
    accounts: Accounts,
    renewals: Annotated[
        Path,
        typer.Option(
            help="The renewal decisions: account_id, decided_on, renewed, arr_before, "
            "arr_after (CSV or Parquet).",
            **_FILE,
        ),
    ],
    as_of: Annotated[
        datetime,
        typer.Option(formats=["%Y-%m-%d"], help="The scoring day: the book as it stood then."),
    ],
    commitments: Commitments = None,
    outcomes: Outcomes = None,
    overrides: Overrides = None,
    columns: Columns = None,
    renewal_columns: Annotated[
        Path | None,
        typer.Option(help="A TOML file mapping the renewals' column names.", **_FILE),
    ] = None,
    policy: PolicyFile = None,
    horizon_days: Annotated[
        int, typer.Option(min=1, max=36_500, help="Days after the scoring day a decision counts.")
    ] = 180,
    errors: Annotated[
        Leakage,
        typer.Option(help="exclude: leave out (and count) values dated after the day; raise."),
    ] = Leakage.exclude,
    json_out: Json = False,
    quiet: Quiet = False,
) -> None:
    """Does the health score predict churn? Score the book as it stood on a past day and
    follow each account to its renewal decision."""
    try:
        with _stages(2, quiet) as step:
            book, rules = step(
                "Reading the book",
                lambda: _read(
                    (accounts, commitments, outcomes, overrides),
                    columns=columns,
                    keep=None,
                    policy=policy,
                    errors="mark",
                ),
            )
            report = step(
                f"Backtesting {len(book):,} accounts",
                lambda: run_backtest(
                    book,
                    renewals,
                    as_of=as_of.date(),
                    policy=rules,
                    horizon_days=horizon_days,
                    columns=load_columns(renewal_columns),
                    errors=errors.value,
                ),
            )
    except CSFrameworkError as error:
        raise _refused(error) from None
    if json_out:
        sys.stdout.write(json.dumps(show.backtest_data(report), allow_nan=False) + "\n")
    else:
        _out(_console(), show.backtest(report))


@app.command()
def demo(
    accounts: Annotated[
        int, typer.Option("--accounts", min=0, help="How many accounts the synthetic book has.")
    ] = 100_000,
    seed: Annotated[int, typer.Option(min=0, help="The random seed of the book.")] = 1,
    quiet: Quiet = False,
) -> None:
    """Assess the example accounts, then score a synthetic book and summarise it."""
    console = _console()
    console.print(f"The next right action for three example accounts, as of {EXAMPLE_DAY}:")
    for account in example_accounts():
        result = assess(account, as_of=EXAMPLE_DAY)
        step_ = result.next_action
        console.print(
            f"- {account.name}: {result.phase.name}, health {result.health.band.name}\n"
            f"    {step_.action.name}: {step_.reason}",
            highlight=False,
        )
    with _stages(2, quiet) as step:
        started = time.perf_counter()
        book = step(
            f"Making {accounts:,} synthetic accounts", lambda: make_book(accounts, seed=seed)
        )
        made = time.perf_counter()
        scored = step(
            f"Scoring {accounts:,} accounts", lambda: score_book(book, as_of=SYNTHETIC_DAY)
        )
        done = time.perf_counter()
    console.print(
        f"A synthetic book of {len(book):,} accounts, {len(book.commitments):,} commitments "
        f"and {len(book.outcomes):,} outcomes (seed {seed}), as of {SYNTHETIC_DAY}: made in "
        f"{made - started:.2f} s, scored in {done - made:.2f} s.",
        highlight=False,
    )
    _out(console, show.summary(scored.summary()))


#: The click command behind the app (what ``main`` runs).
command = typer.main.get_command(app)
