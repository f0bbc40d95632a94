"""Property-based tests of `explainer.trends` over the ranges the sliders offer (and a little
beyond): projections rise, stay finite where defined, double exactly per T (exponential), are
never slower than the exponential with the same T and follow the issue's doublings
(accelerating), stay under the ceiling (plateau); bad arguments raise ValueError saying what is
wrong.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from explainer import trends

settings.register_profile("trends", max_examples=150, deadline=None)
settings.load_profile("trends")

# Slider ranges: doubling time 1..12 months (tested from 0.5 to 24), acceleration 0..0.5 (tested
# to 0.95), starting horizon from a minute to a work week, ceiling up to 10^4 times the start.
doubling_months = st.floats(0.5, 24)
acceleration = st.one_of(st.just(0.0), st.floats(1e-12, 0.95))
start_minutes = st.floats(1, 2400)
ceiling_factor = st.floats(1.01, 1e4)
months = st.floats(0, 240)
months_lists = st.lists(months, min_size=2, max_size=30).map(sorted)
targets = st.floats(1, 2e5)

# Relative slack for "at least"/"at most" comparisons between two different formulas: the
# comparisons are exact in real numbers, but each side carries a few ulps of rounding.
ROUNDING = 1e-12


def _nondecreasing_where_defined(values: np.ndarray) -> bool:
    """Non-decreasing over the defined (finite) prefix; once undefined, undefined after."""
    defined = np.isfinite(values)
    first_undefined = len(values) if defined.all() else int(np.argmin(defined))
    head = values[:first_undefined]
    return bool(
        np.all(np.diff(head) >= -ROUNDING * head[1:]) and not defined[first_undefined:].any()
    )


@given(months_lists, start_minutes, doubling_months, acceleration, ceiling_factor)
def test_every_family_is_monotone(ts, start, doubling, accel, factor):
    t = np.array(ts)
    assert _nondecreasing_where_defined(trends.exponential_minutes(t, start, doubling))
    assert _nondecreasing_where_defined(trends.accelerating_minutes(t, start, doubling, accel))
    assert _nondecreasing_where_defined(trends.plateau_minutes(t, start, doubling, start * factor))


@given(months, start_minutes, doubling_months, acceleration, ceiling_factor)
def test_finite_where_defined_never_infinite(t, start, doubling, accel, factor):
    exponential = trends.exponential_minutes(t, start, doubling)
    plateau = trends.plateau_minutes(t, start, doubling, start * factor)
    accelerating = trends.accelerating_minutes(t, start, doubling, accel)
    assert math.isfinite(exponential) and exponential > 0  # 2^(240/0.5) is far from overflow
    assert math.isfinite(plateau) and plateau > 0
    assert not math.isinf(accelerating)
    if math.isnan(accelerating):
        # Undefined only at or past the singularity T/d, or where 2^n leaves the doubles.
        past_singularity = accel > 0 and t >= doubling / accel * (1 - ROUNDING)
        if not past_singularity:
            assert math.log2(start) + _doublings_by_summing(t, doubling, accel) > 1000
    else:
        assert accelerating > 0


@given(months, start_minutes, doubling_months)
def test_exponential_doubles_exactly_every_doubling_time(t, start, doubling):
    now = trends.exponential_minutes(t, start, doubling)
    assert trends.exponential_minutes(t + doubling, start, doubling) == pytest.approx(
        2 * now, rel=1e-12
    )
    assert trends.exponential_minutes(t + 3 * doubling, start, doubling) == pytest.approx(
        8 * now, rel=1e-12
    )


def _doublings_by_summing(t: float, doubling: float, accel: float) -> float:
    """The issue's accelerating family, counted the long way: doubling k lasts T (1 - d)^k;
    whole doublings are added up while they fit in t, and the one under way is counted at its
    own constant rate. Independent of `trends`' closed form (and only as precise as the sum)."""
    elapsed, k, length = 0.0, 0, doubling
    while elapsed + length <= t and k < 5000:
        elapsed, k, length = elapsed + length, k + 1, length * (1 - accel)
    return k + (t - elapsed) / length


@given(months, start_minutes, doubling_months, acceleration)
@example(0.557 * 4, 60.0, 4.0, 0.5)  # where interpolating T (1 - (1-d)^n) / d in n lagged most
@example(4.0, 60.0, 4.0, 0.5)  # the end of the first doubling
@example(4.0 * (1 + 1e-15), 60.0, 4.0, 0.5)  # just into the second, faster, doubling
@example(0.0, 60.0, 4.0, 0.95)
def test_accelerating_is_never_slower_than_the_exponential(t, start, doubling, accel):
    # The issue's words, from t = 0: at the same t before the singularity, the accelerating
    # horizon is at least the exponential one with the same T (up to rounding). Each doubling
    # lasts T (1 - d)^k <= T, so n(t) = k + (t - t_k) / (T (1-d)^k) >= k + (t - t_k) / T >= t / T.
    exponential = trends.exponential_minutes(t, start, doubling)
    accelerating = trends.accelerating_minutes(t, start, doubling, accel)
    # The singularity as the model defines it, d * (t / T) >= 1 (`t >= T / d` can differ from it
    # in the last bit when t sits exactly on T / d).
    if accel > 0 and accel * (t / doubling) >= 1:
        assert math.isnan(accelerating)  # past the singularity: infinite, drawn as absent
        return
    if math.isnan(accelerating):  # so close to the singularity that 2^n overflows: infinite
        assert math.log2(start) + _doublings_by_summing(t, doubling, accel) > 1000
        return
    assert accelerating >= exponential * (1 - ROUNDING)


@given(months, start_minutes, doubling_months, acceleration)
def test_accelerating_follows_its_doublings_one_by_one(t, start, doubling, accel):
    # Against the long way round (the doublings summed one by one), away from T / d where a
    # rounding of t moves the horizon by more than the tolerance.
    if accel > 0 and 1 - accel * t / doubling < 1e-3:
        return
    doublings = _doublings_by_summing(t, doubling, accel)
    if math.log2(start) + doublings > 1000:
        return
    assert trends.accelerating_minutes(t, start, doubling, accel) == pytest.approx(
        start * 2**doublings, rel=1e-9
    )


@given(st.integers(1, 30), start_minutes, doubling_months, acceleration)
def test_each_whole_doubling_comes_no_later_than_the_exponentials(k, start, doubling, accel):
    # At a whole doubling the time is the issue's T (1 - (1-d)^k) / d (written here with
    # log1p/expm1 to keep its digits at small d), which is <= k T (Bernoulli's inequality), with
    # equality for k = 1.
    accelerating = trends.accelerating_months_to(start * 2.0**k, start, doubling, accel)
    exponential = trends.exponential_months_to(start * 2.0**k, start, doubling)
    issue = doubling * k if accel == 0 else doubling * -math.expm1(k * math.log1p(-accel)) / accel
    assert accelerating == pytest.approx(issue, rel=1e-12)
    assert accelerating <= exponential * (1 + ROUNDING)
    if k == 1:
        assert accelerating == pytest.approx(doubling, rel=1e-12)
    singularity = trends.accelerating_singularity_months(doubling, accel)
    # Before the singularity (up to rounding once (1-d)^k is below it: 14 doublings at d = 0.94).
    assert singularity is None or accelerating <= singularity * (1 + ROUNDING)


@given(months, start_minutes, doubling_months, ceiling_factor)
def test_plateau_stays_under_its_ceiling_and_the_exponential(t, start, doubling, factor):
    ceiling = start * factor
    plateau = trends.plateau_minutes(t, start, doubling, ceiling)
    assert start * (1 - ROUNDING) <= plateau <= ceiling
    # tanh(z) <= z: the stall never runs ahead of the trend it starts on.
    assert plateau <= trends.exponential_minutes(t, start, doubling) * (1 + ROUNDING)


@given(targets, start_minutes, doubling_months, acceleration, ceiling_factor)
def test_milestone_times_land_on_their_targets(target, start, doubling, accel, factor):
    ceiling = start * factor
    for family in trends.FAMILIES:
        months_needed = trends.months_to_reach(family, target, start, doubling, accel, ceiling)
        if family == "plateau" and target >= ceiling:
            assert math.isnan(months_needed)
            continue
        assert math.isfinite(months_needed) and months_needed >= 0
        if target <= start:
            assert months_needed == 0
            continue
        if family == "accelerating":
            continue  # ill-conditioned this way round near the singularity: checked below
        reached = trends.projected_minutes(family, months_needed, start, doubling, accel, ceiling)
        assert reached == pytest.approx(target, rel=1e-9)


@given(st.floats(0.001, 1), start_minutes, doubling_months, acceleration)
def test_accelerating_milestone_times_invert_the_projection(fraction, start, doubling, accel):
    # Going forwards (time -> horizon -> time) is well conditioned even close to T / d, where the
    # horizon rises so steeply that a rounding of the time moves it by much more than 1e-9.
    singularity = trends.accelerating_singularity_months(doubling, accel) or 240.0
    t = fraction * min(singularity, 240.0) * (1 - 1e-9)
    reached = trends.accelerating_minutes(t, start, doubling, accel)
    if math.isnan(reached):  # 2^n overflowed a hair before the singularity
        return
    assert trends.accelerating_months_to(reached, start, doubling, accel) == pytest.approx(
        t, rel=1e-9, abs=1e-12
    )


@given(start_minutes, doubling_months, acceleration)
def test_projection_frames_hold_no_nan_or_infinity(start, doubling, accel):
    dates = pd.date_range("2026-01-01", "2036-01-01", freq="MS")
    for family in trends.FAMILIES:
        frame = trends.project(family, dates, "2026-02-05", start, doubling, accel, start * 100)
        assert np.isfinite(frame["minutes"]).all()
        assert frame["minutes"].is_monotonic_increasing


@given(st.floats(0, 1), st.floats(1, 1e6), st.floats(1, 1e6))
def test_amdahl_speedup_is_bounded_and_monotone(p, s, s_more):
    low, high = sorted([s, s_more])
    speedup = trends.amdahl_speedup(p, low)
    assert 1 - ROUNDING <= speedup <= low * (1 + ROUNDING)
    assert speedup <= trends.amdahl_speedup(p, high) * (1 + ROUNDING)
    if p < 1:
        assert speedup <= trends.amdahl_limit(1 - p) * (1 + ROUNDING)


@given(st.floats(30, 400), st.floats(30, 3000), st.integers(3, 12), st.integers(0, 2**32 - 1))
def test_fit_recovers_the_doubling_time_of_an_exact_trend(doubling_days, spread, n, seed):
    rng = np.random.default_rng(seed)
    offsets = np.sort(rng.choice(int(spread), size=n, replace=False))
    dates = pd.Timestamp("2020-01-01") + pd.to_timedelta(offsets, unit="D")
    df = pd.DataFrame(
        {
            "model_id": [f"m{i}" for i in range(n)],
            "release_date": dates,
            "frontier": True,
            "p50_minutes": 3.0 * 2.0 ** (offsets / doubling_days),
        }
    )
    fit = trends.fit_doubling_time(df, reps=50, seed=seed)
    assert fit.days == pytest.approx(doubling_days, rel=1e-9)
    assert fit.r2 == pytest.approx(1.0, abs=1e-9)
    assert fit.ci_low == pytest.approx(doubling_days, rel=1e-9)
    assert fit.ci_high == pytest.approx(doubling_days, rel=1e-9)


# --- Bad arguments --------------------------------------------------------------------------------

bad_doubling = st.one_of(st.floats(max_value=0), st.just(math.nan), st.just(math.inf))
bad_acceleration = st.one_of(
    st.floats(max_value=0, exclude_max=True), st.floats(min_value=1), st.just(math.nan)
)
bad_fraction = st.one_of(
    st.floats(max_value=0, exclude_max=True), st.floats(min_value=1, exclude_min=True),
    st.just(math.nan)
)  # fmt: skip

DOUBLING_MESSAGE = "doubling time must be a positive"
ACCELERATION_MESSAGE = r"acceleration d .* must be in \[0, 1\)"


@given(bad_doubling, months)
def test_a_doubling_time_that_is_not_positive_is_refused(doubling, t):
    calls = [
        lambda: trends.exponential_minutes(t, 60, doubling),
        lambda: trends.accelerating_minutes(t, 60, doubling, 0.1),
        lambda: trends.plateau_minutes(t, 60, doubling, 600),
        lambda: trends.exponential_months_to(600, 60, doubling),
        lambda: trends.accelerating_months_to(600, 60, doubling, 0.1),
        lambda: trends.plateau_months_to(300, 60, doubling, 600),
        lambda: trends.accelerating_singularity_months(doubling, 0.1),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=DOUBLING_MESSAGE):
            call()


@given(bad_acceleration, months)
def test_an_acceleration_outside_0_1_is_refused(accel, t):
    for call in [
        lambda: trends.accelerating_minutes(t, 60, 4, accel),
        lambda: trends.accelerating_months_to(600, 60, 4, accel),
        lambda: trends.accelerating_singularity_months(4, accel),
    ]:
        with pytest.raises(ValueError, match=ACCELERATION_MESSAGE):
            call()


@given(bad_fraction, st.floats(1, 100))
def test_a_fraction_outside_0_1_is_refused(p, s):
    sped_up = r"p \(the fraction of the work sped up\) must be a fraction in \[0, 1\]"
    with pytest.raises(ValueError, match=sped_up):
        trends.amdahl_speedup(p, s)
    with pytest.raises(ValueError, match=r"review_share must be a fraction in \[0, 1\]"):
        trends.amdahl_limit(p)
    with pytest.raises(ValueError, match="must be a fraction"):
        trends.amdahl_required_speedup(p, 2)


def test_other_bad_arguments_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="speedup s must be positive"):
        trends.amdahl_speedup(0.5, 0)
    with pytest.raises(ValueError, match=r"ceiling .* must be above the starting horizon"):
        trends.plateau_minutes(3, 600, 4, 600)
    with pytest.raises(ValueError, match="start_minutes must be a positive"):
        trends.exponential_minutes(3, 0, 4)
    with pytest.raises(ValueError, match="target_minutes must be a positive"):
        trends.exponential_months_to(-1, 60, 4)
