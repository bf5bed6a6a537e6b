"""The trust equation and the trust index (DOMAIN.md section 1)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cs_framework import Account, InvalidInputError, TrustScore, trust_equation, trust_index

scale = st.floats(min_value=1, max_value=10)
rule = pytest.mark.rule


@rule("trust.equation")
@given(scale, scale, scale, scale)
def test_equation_is_c_plus_r_plus_i_over_s(c: float, r: float, i: float, s: float) -> None:
    """Fixed (seed 001): Trust = (C + R + I) / S."""
    assert trust_equation(c, r, i, s) == (c + r + i) / s


@rule("trust.index")
@pytest.mark.parametrize(
    ("c", "r", "i", "s", "expected"),
    # The worked examples of DOMAIN.md section 1.
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
    assert trust_index(x, x, x, x) == pytest.approx(50.0, abs=1e-12)


@rule("trust.equation")
@rule("trust.index")
@given(st.data(), st.sampled_from(range(4)))
def test_index_rises_with_c_r_i_and_falls_with_s(data: st.DataObject, which: int) -> None:
    """Higher C, R, I raise trust; higher S lowers it (seed 001)."""
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
    """DOMAIN.md 1: each of C, R, I, S on [1, 10] (so S is never 0); a value off the
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
