"""How results show in a notebook: small HTML tables, every value escaped.

Jupyter calls ``_repr_html_``; the results' methods call these functions, so an
assessment, a health score, a scored book and its summary read as tables, not as
reprs of arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from .._enums import Band

__all__ = ["band_cell", "table", "titled"]

_COLOURS = {Band.GREEN: "#1a7f37", Band.YELLOW: "#9a6700", Band.RED: "#cf222e"}


def _cell(value: Any) -> str:
    if isinstance(value, float):
        text = "" if value != value else f"{value:,.1f}"
    else:
        text = "" if value is None else str(value)
    return escape(text)


def band_cell(band: Band) -> str:
    """A band's name, in its colour (already HTML).

    Examples
    --------
    >>> band_cell(Band.RED)
    '<b style="color:#cf222e">RED</b>'
    """
    colour = _COLOURS.get(band)
    name = escape(band.name)
    return f'<b style="color:{colour}">{name}</b>' if colour else name


def table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], *, html: Sequence[int] = ()
) -> str:
    """An HTML table; the cells of the columns in ``html`` are HTML already, the rest are
    escaped.

    Examples
    --------
    >>> table(["account", "ARR"], [["<acme>", 1200.0]])
    '<table><thead><tr><th>account</th><th>ARR</th></tr></thead><tbody><tr><td>&lt;acme&gt;</td><td>1,200.0</td></tr></tbody></table>'
    """
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{value if k in html else _cell(value)}</td>" for k, value in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def titled(title: str, *parts: str) -> str:
    """Parts under a title, in one block (the title escaped, the parts HTML already)."""
    return f"<div><p><b>{escape(title)}</b></p>{''.join(parts)}</div>"
