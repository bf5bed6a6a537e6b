"""Scores as published: what the bands, the bars and the midpoint read.

A weighted mean whose exact value is an edge (40, 70, the proof bar) can come out of
binary floating point a hair below it: scores 20 and 50 weighted 1 and 2 give
39.99999999999999. A score is therefore published to nine decimal places, and every
comparison with an edge reads the published score, on one account and on a book
alike. Inputs given to more than nine significant decimals could in principle be
banded by their rounded mean; scores and weights in practice have a few.
See docs/rules.md#exact-edges.
"""

from __future__ import annotations

import numpy as np

from .._defaults import SCORE_DECIMALS
from .._types import FloatArray

__all__ = ["published"]


def published(scores: FloatArray) -> FloatArray:
    """Scores rounded to ``SCORE_DECIMALS`` (9) decimal places; NaN stays NaN.

    Examples
    --------
    >>> mean = 1 / 3 * 20.0 + 2 / 3 * 50.0  # scores 20 and 50 weighted 1 and 2
    >>> mean, published(np.array([mean, 200 / 3, np.nan]))
    (39.99999999999999, array([40.        , 66.66666667,         nan]))
    >>> bool(published(np.array([69.99999999999999]))[0] >= 70)
    True
    """
    rounded: FloatArray = np.round(scores, SCORE_DECIMALS)
    return rounded
