"""The trust equation and the trust index (rules: trust)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cs_framework import (
    Account,
    Band,
    CommitmentStatus,
    InvalidInputError,
    TrustScore,
    trust_equation,
    trust_index,
)
from cs_framework._rules.trust import status_codes, trust_kernel

scale = st.floats(min_value=1, max_value=10)
rule = pytest.mark.rule


@rule("trust.equation")
@given(scale, scale, scale, scale)
def test_equation_is_c_plus_r_plus_i_over_s(c: float, r: float, i: float, s: float) -> None:
    """Fixed (the trust equation): Trust = (C + R + I) / S."""
    assert trust_equation(c, r, i, s) == (c + r + i) / s


@rule("trust.index")
@pytest.mark.parametrize(
    ("c", "r", "i", "s", "expected"),
    # The worked examples of rules: trust.
    [
        (8, 8, 8, 3, 71.3),
        (5, 5, 5, 5, 50.0),
        (4, 4, 4, 7, 37.8),
        (1, 1, 1, 10, 0.0),
        (10, 10, 10, 1, 100.0),
    ],
)
def test_index_reference_values(c: float, r: float, i: float, s: float, expected: float) -> None:
    assert round(trust_index(c, r, i, s), 1) == expected


@rule("trust.index")
@given(scale, scale, scale, scale)
def test_index_is_within_0_and_100(c: float, r: float, i: float, s: float) -> None:
    assert 0 <= trust_index(c, r, i, s) <= 100


@rule("trust.index")
@given(scale)
def test_index_is_50_when_all_components_are_equal(x: float) -> None:
    assert trust_index(x, x, x, x) == 50.0  # exactly: the published index


@rule("trust.equation")
@rule("trust.index")
@given(st.data(), st.sampled_from(range(4)))
def test_index_rises_with_c_r_i_and_falls_with_s(data: st.DataObject, which: int) -> None:
    """Higher C, R, I raise trust; higher S lowers it (the trust equation)."""
    args = [data.draw(scale) for _ in range(4)]
    low = data.draw(st.floats(min_value=1, max_value=9.5))
    high = data.draw(st.floats(min_value=low + 0.01, max_value=10))
    lower, higher = list(args), list(args)
    lower[which], higher[which] = low, high
    before, after = trust_index(*lower), trust_index(*higher)
    if which < 3:
        assert after > before
    else:
        assert after < before


@rule("trust.index")
@given(hnp.arrays(np.float64, st.integers(1, 30), elements=scale), st.data())
def test_scalar_equals_vector(c: np.ndarray, data: st.DataObject) -> None:
    n = c.shape[0]
    r, i, s = (data.draw(hnp.arrays(np.float64, n, elements=scale)) for _ in range(3))
    vector = trust_index(c, r, i, s)
    assert isinstance(vector, np.ndarray)
    assert vector.tolist() == [
        trust_index(*map(float, row)) for row in zip(c, r, i, s, strict=True)
    ]
    raw = trust_equation(c, r, i, s)
    assert raw.tolist() == [
        trust_equation(*map(float, row)) for row in zip(c, r, i, s, strict=True)
    ]


def test_scalar_in_gives_a_python_float() -> None:
    assert type(trust_index(5, 5, 5, 5)) is float
    assert type(trust_equation(np.float64(5), 5, 5, 5)) is float


def test_arrays_broadcast() -> None:
    out = trust_index(np.full((2, 3), 8.0), 8, 8, np.array([3.0, 4.0, 5.0]))
    assert out.shape == (2, 3)
    assert out[0, 0] == pytest.approx(trust_index(8, 8, 8, 3))


@rule("trust.scale")
@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((0.5, 5, 5, 5), "credibility"),
        ((5, 11, 5, 5), "reliability"),
        ((5, 5, math.nan, 5), "intimacy"),
        ((5, 5, 5, 0), "self_orientation"),
        ((5, 5, 5, math.inf), "self_orientation"),
        (("5", 5, 5, 5), "credibility"),
        ((True, 5, 5, 5), "credibility"),
    ],
)
def test_off_scale_input_is_refused(args: tuple[object, ...], field: str) -> None:
    """Off the scale, NaN or infinity: a clear error, never a silent clip."""
    with pytest.raises(InvalidInputError) as info:
        trust_index(*args)  # type: ignore[call-overload]
    assert info.value.field == field


def test_array_errors_say_how_many_and_where() -> None:
    c = np.array([5.0, 0.0, 5.0, 12.0, np.nan, 5.0])
    with pytest.raises(InvalidInputError) as info:
        trust_index(c, 5, 5, 5)
    message = str(info.value)
    assert "3 of 6 values" in message
    assert "positions [1, 3, 4]" in message


def test_many_bad_positions_are_cut_short() -> None:
    with pytest.raises(InvalidInputError, match=r"8 of 8 values .* \[0, 1, 2, 3, 4, \.\.\.\]"):
        trust_index(np.zeros(8), 5, 5, 5)


def test_shapes_that_do_not_broadcast_are_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        trust_index(np.full(2, 5.0), np.full(3, 5.0), 5, 5)
    assert info.value.field == "shape"


@pytest.mark.parametrize("bad", [(0, 10), (5, 5), (1, math.inf)])
def test_bad_scales_are_refused(bad: tuple[float, float]) -> None:
    with pytest.raises(InvalidInputError) as info:
        trust_index(5, 5, 5, 5, scale=bad)
    assert info.value.field == "scale"


@rule("trust.index")
def test_another_scale_keeps_the_anchors() -> None:
    assert trust_index(1, 1, 1, 5, scale=(1, 5)) == 0.0
    assert trust_index(5, 5, 5, 1, scale=(1, 5)) == 100.0
    assert trust_index(3, 3, 3, 3, scale=(1, 5)) == pytest.approx(50.0)


def test_trust_score_bands_its_index() -> None:
    weak = TrustScore.of(credibility=4, reliability=4, intimacy=4, self_orientation=7)
    mid = TrustScore.of(credibility=5, reliability=5, intimacy=5, self_orientation=5)
    assert (weak.band.name, mid.band.name) == ("RED", "YELLOW")
    assert weak.value == pytest.approx(12 / 7)


COMPONENTS = ("credibility", "reliability", "intimacy", "self_orientation")
off_scale = (
    st.floats(max_value=math.nextafter(1.0, -math.inf))
    | st.floats(min_value=math.nextafter(10.0, math.inf))
    | st.just(math.nan)
)


@rule("trust.scale")
@given(st.lists(scale, min_size=4, max_size=4), st.sampled_from(range(4)), off_scale)
def test_any_component_off_the_scale_is_refused_never_clipped(
    values: list[float], which: int, bad: float
) -> None:
    """rules: trust: each of C, R, I, S on [1, 10] (so S is never 0); a value off the
    scale, NaN or infinite is a clear error naming the component, never a silent clip."""
    values[which] = bad
    for function in (trust_equation, trust_index):
        with pytest.raises(InvalidInputError) as info:
            function(*values)
        assert info.value.field == COMPONENTS[which]
    if COMPONENTS[which] != "reliability":  # the assessments an account carries
        with pytest.raises(InvalidInputError) as info:
            Account(id="a", name="A", arr=1.0, **{COMPONENTS[which]: bad})
        assert info.value.field == COMPONENTS[which]


# --------------------------------------------------------------------------------------
# Exact cases: Trust, reliability and commitment status, pinned exactly (rules: trust).
#
# Whole error messages (field, value and reason are public contract), the index on a
# scale other than the default (where ``lo != 1`` tells ``3 * lo`` from ``3 / lo``), and
# the clip of the index at 100 against rounding.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cris", "expected"),
    [
        # Scale (2, 10): Tmin = 3 * 2 / 10 = 0.6, Tmax = 3 * 10 / 2 = 15.
        pytest.param((2, 2, 2, 10), 0.0, id="worst"),  # T = 6 / 10 = Tmin
        pytest.param((10, 10, 10, 2), 100.0, id="best"),  # T = 30 / 2 = Tmax
        pytest.param((5, 5, 5, 5), 50.0, id="C=R=I=S"),  # T = 3: ln 5 / ln 25 = 1/2
        # T = 12 / 3 = 4: 100 * ln(4 / 0.6) / ln(15 / 0.6) = 100 * 1.89712 / 3.21888
        pytest.param((4, 4, 4, 3), 58.93734608304005, id="T=4"),
    ],
)
def test_index_on_a_scale_from_two(cris: tuple[int, int, int, int], expected: float) -> None:
    """On scale (2, 10) the index uses Tmin = 3*lo/hi and Tmax = 3*hi/lo."""
    assert trust_index(*cris, scale=(2, 10)) == pytest.approx(expected, abs=5e-10)  # published


def test_index_is_clipped_at_100_against_rounding() -> None:
    """The best relationship scores exactly 100 even where the log rounds above it."""
    # On scale (1, 17.1) the unclipped index of (17.1, 17.1, 17.1, 1) is
    # 100.00000000000001 in float64: the clip brings it back to 100.
    raw = (17.1 + 17.1 + 17.1) / 1.0
    t_min, t_max = 3 * 1.0 / 17.1, 3 * 17.1 / 1.0
    unclipped = 100 * np.log(raw / t_min) / np.log(t_max / t_min)
    assert unclipped > 100.0
    assert trust_index(17.1, 17.1, 17.1, 1, scale=(1, 17.1)) == 100.0
    _, index = trust_kernel(
        np.array([17.1]), np.array([17.1]), np.array([17.1]), np.array([1.0]), 1.0, 17.1
    )
    assert index.tolist() == [100.0]
    t = TrustScore.of(
        credibility=17.1, reliability=17.1, intimacy=17.1, self_orientation=1, scale=(1, 17.1)
    )
    assert (t.index, t.band) == (100.0, Band.GREEN)


def test_status_codes_are_int8() -> None:
    """status_codes returns CommitmentStatus codes as an int8 array (the book's dtype)."""
    nan = math.nan
    codes = status_codes(
        np.array([10.0, 10.0, 10.0, 20.0]),
        np.array([9.0, 12.0, nan, nan]),
        np.array([False, False, False, False]),
        15.0,
    )
    assert codes.dtype == np.int8
    assert codes.tolist() == [
        CommitmentStatus.KEPT,
        CommitmentStatus.KEPT_LATE,
        CommitmentStatus.MISSED,
        CommitmentStatus.OPEN,
    ]


def test_roles_missing_is_a_boolean_matrix_of_accounts_by_roles() -> None:
    from cs_framework._rules.trust import roles_missing

    got = roles_missing(np.array([False, True]), np.array([True, True]), np.array([False, False]))
    assert got.dtype == np.bool_
    assert got.tolist() == [[False, True, False], [True, True, False]]
