"""Tests of the ranges in `explainer.trends` (projections with uncertainty): hand-derived cases,
properties over the controls' ranges, and the calibration on the backtest recomputed here from
METR's table by an independent route (numpy's polyfit for every bootstrap fit, the draws' own
formula for every band).
"""

from __future__ import annotations

import functools
import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer import data, trends
from explainer.numbers import scenarios as scenario_numbers

settings.register_profile("ranges", max_examples=60, deadline=None)
settings.load_profile("ranges")

START_DATE = pd.Timestamp("2026-02-05")
HORIZON = pd.Timestamp("2036-01-01")
N = trends.UNCERTAINTY_DRAWS
# The ranks (0-based, increasing) of the 10th, 50th and 90th percentiles among 101 draws.
LOW_RANK, MEDIAN_RANK, HIGH_RANK = 10, 50, 90


def _z(rank: int) -> float:
    """The lattice's standard-normal value of a given rank: the midpoint quantile."""
    return NormalDist().inv_cdf((rank + 0.5) / N)


def _ranges(family, start=719.0, doubling=4.0, accel=0.1, ceiling=4800.0, **kw):
    return trends.milestone_ranges(
        family, START_DATE, start, doubling, accel, ceiling, HORIZON, **kw
    ).set_index("milestone")


# --- The draws ---------------------------------------------------------------------------------


def test_draws_are_a_lattice_of_midpoint_normal_quantiles():
    draws = trends.uncertainty_draws()
    assert len(draws) == 101
    midpoints = sorted(_z(i) for i in range(N))
    np.testing.assert_array_equal(np.sort(draws["z_start"]), midpoints)
    np.testing.assert_array_equal(np.sort(draws["z_doubling"]), midpoints)
    # A lattice, not one line: the two coordinates are nearly uncorrelated (well within the
    # 1 / sqrt(N) = 0.1 that independent draws would show), and not equal.
    assert abs(np.corrcoef(draws["z_start"], draws["z_doubling"])[0, 1]) < 0.06
    assert (draws["z_start"] != draws["z_doubling"]).sum() > 0.95 * N
    # The same every time.
    pd.testing.assert_frame_equal(draws, trends.uncertainty_draws())


# --- Hand-derived cases -----------------------------------------------------------------------


@pytest.mark.parametrize("family", trends.FAMILIES)
def test_zero_spread_is_the_point_projection_exactly(family):
    point = trends.milestones(
        family, START_DATE, 719.0, 4.0, 0.1, 4800.0, horizon_date=HORIZON
    ).set_index("milestone")
    ranges = _ranges(family)
    for label in trends.MILESTONES:
        for name in trends.RANGE_LABELS:
            want, got = point.loc[label, "months"], ranges.loc[label, f"{name}_months"]
            assert (math.isnan(want) and math.isnan(got)) or want == got
            assert ranges.loc[label, f"{name}_date"] is pd.NaT or (
                ranges.loc[label, f"{name}_date"] == point.loc[label, "date"]
            )
        assert ranges.loc[label, "share_not_reached"] == (0.0 if point.loc[label, "reached"] else 1)


def test_start_spread_alone_shifts_the_exponential_by_t_log2_of_the_start_interval():
    """Only the start uncertain: draw i starts at S_i = S 2^(s z_i), so it reaches M after
    T log2(M / S_i) = T log2(M / S) - T log2(S_i / S) months (while M > S_i). That falls as S_i
    rises, so the interval's early end comes from the start interval's high end and the late end
    from its low end: with S_hi = S 2^(s z_(180)) and S_lo = S 2^(s z_(20)) (the 90th and 10th
    percentiles of the draws' start),
        low  = point - T log2(S_hi / S),   high = point + T log2(S / S_lo),
    and the median is the point (z_(100) = 0)."""
    start, doubling, spread = 719.0, 4.0, 0.9
    s_hi, s_lo = start * 2 ** (spread * _z(HIGH_RANK)), start * 2 ** (spread * _z(LOW_RANK))
    ranges = _ranges(trends.EXPONENTIAL, start, doubling, start_spread=spread)
    for label in ("1 work week", "1 work month", "1 work year"):
        point = doubling * math.log2(trends.MILESTONES[label] / start)
        row = ranges.loc[label]
        assert row["low_months"] == pytest.approx(point - doubling * math.log2(s_hi / start), 1e-12)
        assert row["high_months"] == pytest.approx(
            point + doubling * math.log2(start / s_lo), 1e-12
        )
        assert row["median_months"] == pytest.approx(point, rel=1e-12)
        # As dates: the point date moved by T log2 of the interval's ends, in months.
        point_ms = trends.to_epoch_ms(START_DATE) + point * trends.MS_PER_MONTH
        shift = doubling * math.log2(s_hi / start) * trends.MS_PER_MONTH
        assert trends.to_epoch_ms(row["low_date"]) == pytest.approx(point_ms - shift, abs=1)
    # The interval is symmetric in months here (the lattice is symmetric: z_(20) = -z_(180)).
    week = ranges.loc["1 work week"]
    assert week["high_months"] - week["median_months"] == pytest.approx(
        week["median_months"] - week["low_months"], rel=1e-9
    )


def test_doubling_spread_alone_scales_the_exponential_by_powers_of_two():
    """Only the doubling time uncertain: months_i = 2^(s z_i) * point, so the interval is the
    point times 2^(s z_(20)) and 2^(s z_(180))."""
    spread = 0.35
    ranges = _ranges(trends.EXPONENTIAL, doubling_spread=spread)
    point = 4.0 * math.log2(trends.MILESTONES["1 work year"] / 719.0)
    year = ranges.loc["1 work year"]
    assert year["low_months"] == pytest.approx(point * 2 ** (spread * _z(LOW_RANK)), rel=1e-12)
    assert year["high_months"] == pytest.approx(point * 2 ** (spread * _z(HIGH_RANK)), rel=1e-12)


def test_start_spread_from_metrs_interval():
    # Opus 4.6 in METR's table: 319.3 to 3,949.8 minutes, log2 ratio 3.629 doublings wide;
    # a normal's 95% interval is 2 * 1.95996 sd wide, so sd = 3.629 / 3.920 = 0.9257.
    assert trends.start_spread_from_interval(319.32091, 3949.750392) == pytest.approx(
        math.log2(3949.750392 / 319.32091) / (2 * 1.959963984540054), rel=1e-12
    )
    assert trends.start_spread_from_interval(100, 100) == 0


@pytest.mark.parametrize("family", trends.FAMILIES)
@pytest.mark.parametrize("which", ["doubling_spread", "start_spread"])
def test_intervals_widen_with_each_spread(family, which):
    previous = None
    for spread in [0.0, 0.1, 0.3, 0.6, 1.0, 1.5, 2.5]:
        other = 0.3  # the other spread fixed, not zero
        kw = {
            which: spread,
            ("start_spread" if which == "doubling_spread" else "doubling_spread"): other,
        }
        r = _ranges(family, **kw).loc[["1 work week"]].iloc[0]
        low, high = r["low_months"], r["high_months"]
        high = math.inf if math.isnan(high) else high
        if previous is not None:
            assert low <= previous[0] and high >= previous[1]
        previous = (low, high)
    assert previous[1] - previous[0] > 0


def test_plateau_draws_that_start_above_the_ceiling_sit_at_it():
    # A start spread of 3 doublings with the ceiling 1 doubling above the start: many draws
    # start above the ceiling; they reach targets below it at once and never those above.
    r = _ranges(trends.PLATEAU, start=2400.0, ceiling=4800.0, start_spread=3.0)
    assert r.loc["1 work day", "low_months"] == 0
    assert r.loc["1 work month", "share_never"] == 1.0
    assert math.isnan(r.loc["1 work month", "low_months"])


def test_range_band_at_a_milestone_is_that_milestone_range():
    band = trends.range_band(
        trends.EXPONENTIAL,
        [2400.0, 120000.0],
        START_DATE,
        719.0,
        4.0,
        horizon_date=HORIZON,
        doubling_spread=0.3,
        start_spread=0.9,
    ).set_index("minutes")
    ranges = _ranges(trends.EXPONENTIAL, doubling_spread=0.3, start_spread=0.9)
    for label in ("1 work week", "1 work year"):
        for name in trends.RANGE_LABELS:
            assert (
                band.loc[trends.MILESTONES[label], f"{name}_months"]
                == (ranges.loc[label, f"{name}_months"])
            )


def test_vertical_band_is_the_horizontal_band():
    """Every draw rises with time, so the 10th percentile of the horizon on the date of the
    90th percentile of arrival at M is M (and the other way round)."""
    kw = {"doubling_spread": 0.3, "start_spread": 0.9}
    year = _ranges(trends.EXPONENTIAL, **kw).loc["1 work year"]
    band = trends.projection_band(
        trends.EXPONENTIAL, [year["high_date"], year["low_date"]], START_DATE, 719.0, 4.0, **kw
    )
    assert band["low_minutes"].iloc[0] == pytest.approx(120000.0, rel=1e-6)
    assert band["high_minutes"].iloc[1] == pytest.approx(120000.0, rel=1e-6)


def test_spreads_refuse_negative_values():
    with pytest.raises(ValueError, match="start_spread"):
        _ranges(trends.EXPONENTIAL, start_spread=-0.1)
    with pytest.raises(ValueError, match="doubling_spread"):
        _ranges(trends.EXPONENTIAL, doubling_spread=math.nan)


# --- Properties over the controls' ranges ----------------------------------------------------


@given(
    st.sampled_from(trends.FAMILIES),
    st.floats(1, 12),  # doubling time slider
    st.floats(0, 0.5),  # acceleration slider
    st.floats(10, 2400),  # start
    st.floats(1.05, 1e4),  # ceiling / start
    st.floats(0, 2),  # doubling spread
    st.floats(0, 4),  # start spread
)
def test_ranges_are_ordered_and_not_reached_is_explicit(
    family, doubling, accel, start, factor, doubling_spread, start_spread
):
    r = trends.milestone_ranges(
        family,
        START_DATE,
        start,
        doubling,
        accel,
        start * factor,
        HORIZON,
        doubling_spread,
        start_spread,
    )
    for _, row in r.iterrows():
        low, median, high = (row[f"{n}_months"] for n in trends.RANGE_LABELS)
        late = round(row["share_not_reached"] * N)  # draws not reaching it by the horizon
        # A quantile is missing exactly when its rank falls among the draws not reached.
        for value, rank in ((low, LOW_RANK), (median, MEDIAN_RANK), (high, HIGH_RANK)):
            assert math.isnan(value) == (rank >= N - late)
            assert not math.isinf(value)
            assert math.isnan(value) or value >= 0
        finite = [v for v in (low, median, high) if not math.isnan(v)]
        assert finite == sorted(finite)  # low <= median <= high where reached
        assert 0 <= row["share_never"] <= row["share_not_reached"] <= 1
        assert (row["low_date"] is pd.NaT) == math.isnan(low)


# --- Calibration, recomputed from the data ------------------------------------------------------


def _independent_band(df, cutoff, t_dates, factor):
    """The exponential's 10th and 90th percentile horizons on ``t_dates`` built at ``cutoff`` by
    a second route: polyfit for the fit and every bootstrap row, explicit formulas for the
    draws."""
    before = df.loc[(df["release_date"] < cutoff) & df["frontier"]].sort_values(
        "release_date", kind="stable"
    )
    latest = before.iloc[-1]
    start_spread = math.log2(latest["p50_ci_high"] / latest["p50_ci_low"]) / (2 * 1.959963984540054)

    def days(rows):
        return (rows["release_date"] - rows["release_date"].iloc[0]).dt.total_seconds() / 86400

    pooled = []
    for since in (None, "2023-01-01", "2024-01-01"):
        rows = before if since is None else before.loc[before["release_date"] >= since]
        if rows["release_date"].nunique() < 4:
            continue
        x, y = days(rows).to_numpy(), np.log2(rows["p50_minutes"].to_numpy())
        idx = np.random.default_rng(trends.BOOTSTRAP_SEED).integers(0, len(x), (1000, len(x)))
        for row in idx:
            if np.ptp(x[row]) == 0:
                continue
            slope = np.polyfit(x[row], y[row], 1)[0]
            if slope > 0:
                pooled.append(math.log2(1 / slope / 30.4375))
    q10, q90 = np.percentile(pooled, [10, 90])
    doubling_spread = (q90 - q10) / (2 * NormalDist().inv_cdf(0.9))
    x, y = days(before).to_numpy(), np.log2(before["p50_minutes"].to_numpy())
    doubling = 1 / np.polyfit(x, y, 1)[0] / 30.4375
    draws = trends.uncertainty_draws()
    s = latest["p50_minutes"] * 2 ** (factor * start_spread * draws["z_start"].to_numpy())
    d = doubling * 2 ** (factor * doubling_spread * draws["z_doubling"].to_numpy())
    months = (t_dates - latest["release_date"]).dt.total_seconds().to_numpy() / 86400 / 30.4375
    minutes = np.sort(s[:, None] * 2 ** (months[None, :] / d[:, None]), axis=0)
    return minutes[LOW_RANK], minutes[HIGH_RANK]


@pytest.fixture(scope="module")
def metr():
    return data.load("metr_horizons")


def _inside(df, factor):
    inside = total = 0
    for cutoff in map(pd.Timestamp, scenario_numbers.BACKTEST_CUTOFFS):
        later = df.loc[(df["release_date"] >= cutoff) & df["frontier"]]
        low, high = _independent_band(df, cutoff, later["release_date"], factor)
        observed = later["p50_minutes"].to_numpy()
        inside += int(((low <= observed) & (observed <= high)).sum())
        total += len(later)
    return inside, total


def test_calibration_on_the_backtest_recomputed(metr):
    """The share of later frontier models inside the 80% band built at each cutoff, and the
    widening rule (the smallest factor, in quarter steps, that brings it to 80%), recomputed."""
    numbers = scenario_numbers.range_numbers()
    raw_inside, total = _inside(metr, 1.0)
    assert numbers["calibration_n"] == total
    assert numbers["calibration_raw_inside"] == raw_inside
    factor = 1.0
    while _inside(metr, factor)[0] / total < 0.8:
        factor += 0.25
    assert numbers["spread_factor"] == factor
    assert numbers["calibration_widened_inside"] == _inside(metr, factor)[0]
    if factor > 1:  # the rule is the smallest: a quarter less is not enough
        assert _inside(metr, factor - 0.25)[0] / total < 0.8
    # And the defaults are the data's spreads times that factor, on the sliders' 0.01 step.
    assert numbers["default_start_spread"] == round(factor * numbers["data_start_spread"], 2)
    assert numbers["default_doubling_spread"] == round(factor * numbers["data_doubling_spread"], 2)


def test_when_will_we_know_is_the_first_month_the_bands_part(metr):
    spreads = scenario_numbers.default_spreads(metr)
    start = scenario_numbers.start_points(metr)["metr"]
    sep = trends.first_separation(
        start["date"],
        start["minutes"],
        4.0,
        4800.0,
        HORIZON,
        spreads.doubling_spread,
        spreads.start_spread,
    )
    kw = {"doubling_spread": spreads.doubling_spread, "start_spread": spreads.start_spread}
    before = sep.date - pd.offsets.MonthBegin(1)
    for date, apart in ((sep.date, True), (before, False)):
        exp = trends.projection_band(
            trends.EXPONENTIAL, [date], start["date"], start["minutes"], 4.0, **kw
        )
        plateau = trends.projection_band(
            trends.PLATEAU, [date], start["date"], start["minutes"], 4.0, 0.0, 4800.0, **kw
        )
        assert (exp["low_minutes"].iloc[0] > plateau["high_minutes"].iloc[0]) == apart


# --- The page's range glue, recomputed -----------------------------------------------------------
# Used by tests/test_chapter_scenarios.py, whose glue check recomputes every glued value without
# the page's numbers module or explainer.trends.

DAYS_PER_MONTH = 365.25 / 12
Z90 = NormalDist().inv_cdf(0.9)


def _lattice() -> tuple[np.ndarray, np.ndarray]:
    i = np.arange(N)
    inv = NormalDist().inv_cdf
    return (
        np.array([inv(((62 * k) % N + 0.5) / N) for k in i]),  # z_doubling
        np.array([inv((k + 0.5) / N) for k in i]),  # z_start
    )


def _months_one_draw(family, target, start, doubling, accel, ceiling):
    """Closed forms: T log2(M/S); the accelerating family's whole doublings
    t_k = T (1 - r^k) / d plus the part of doubling k at its own length T r^k; the plateau's
    D T atanh(n / D). NaN: never."""
    if family == "plateau" and start >= ceiling:
        return 0.0 if target < ceiling else math.nan
    n = max(0.0, math.log2(target / start))
    if family == "exponential":
        return doubling * n
    if family == "accelerating":
        if accel == 0:
            return doubling * n
        k, r = math.floor(n), 1 - accel
        return doubling * (1 - r**k) / accel + (n - k) * doubling * r**k
    if target >= ceiling:
        return math.nan
    left = math.log2(ceiling / start)
    return left * doubling * math.atanh(n / left)


def _quantile_dates(months, start_date, horizon):
    """Ranks 20, 100, 180 of the arrival dates, not-reached (NaN or after the horizon) last."""
    dates = [
        start_date + pd.Timedelta(days=m * DAYS_PER_MONTH) if not math.isnan(m) else None
        for m in months
    ]
    reached = sorted(d for d in dates if d is not None and d <= horizon)
    late = N - len(reached)
    q = [reached[r] if r < len(reached) else None for r in (LOW_RANK, MEDIAN_RANK, HIGH_RANK)]
    return q, late / N, sum(math.isnan(m) for m in months) / N


def _range_text(q, share_late, share_never, horizon):
    low, median, high = q
    h = f"{horizon:%b %Y}"
    never = f"in {share_never:.0%} of draws, never" if share_never > 0 else ""
    if median is None:
        if share_never == 1:
            return "never (above the ceiling in every draw)"
        text = f"not reached by {h} in {share_late:.0%} of draws"
        return f"{text} ({never})" if never else text
    high_text = f"{high:%b %Y}" if high is not None else f"after {h} ({share_late:.0%} of draws)"
    if low == high:  # every draw the same month: the point projection
        text = f"{median:%b %Y} (all draws agree)"
    else:
        text = f"{median:%b %Y} (80%: {low:%b %Y} – {high_text})"
    return f"{text}; {never}" if never else text


def _calibration(df, factor):
    """Per (cutoff, later frontier model): inside the band, and the miss in doublings."""
    rows = []
    for cutoff in map(pd.Timestamp, scenario_numbers.BACKTEST_CUTOFFS):
        later = df.loc[(df["release_date"] >= cutoff) & df["frontier"]]
        low, high = _independent_band(df, cutoff, later["release_date"], factor)
        for observed, lo, hi in zip(later["p50_minutes"], low, high, strict=True):
            miss = (
                math.log2(observed / hi)
                if observed > hi
                else math.log2(observed / lo)
                if observed < lo
                else 0.0
            )
            rows.append((lo <= observed <= hi, miss))
    return rows


@functools.cache  # the chapter test calls it once per glued name
def expected_range_numbers() -> dict:
    metr = data.load("metr_horizons")
    frontier = metr[metr["frontier"]].sort_values("release_date", kind="stable")
    latest = frontier.iloc[-1]
    start, start_date = float(latest["p50_minutes"]), pd.Timestamp(latest["release_date"])
    ci_low, ci_high = float(latest["p50_ci_low"]), float(latest["p50_ci_high"])
    horizon = pd.Timestamp("2036-01-01")
    doubling, accel, ceiling = 4.0, 0.1, 80.0 * 60

    # The data's spreads on every model, then the widening factor from the backtest.
    data_start = math.log2(ci_high / ci_low) / (2 * 1.959963984540054)
    pooled = []
    for since in (None, "2023-01-01", "2024-01-01"):
        rows = frontier if since is None else frontier.loc[frontier["release_date"] >= since]
        x = (rows["release_date"] - rows["release_date"].iloc[0]).dt.total_seconds() / 86400
        x, y = x.to_numpy(), np.log2(rows["p50_minutes"].to_numpy())
        idx = np.random.default_rng(trends.BOOTSTRAP_SEED).integers(0, len(x), (1000, len(x)))
        for row in idx:
            if np.ptp(x[row]) > 0 and (slope := np.polyfit(x[row], y[row], 1)[0]) > 0:
                pooled.append(math.log2(1 / slope / DAYS_PER_MONTH))
    q10, q90 = np.percentile(pooled, [10, 90])
    data_doubling = (q90 - q10) / (2 * Z90)
    factor = 1.0
    while np.mean([inside for inside, _ in _calibration(metr, factor)]) < 0.8:
        factor += 0.25
    # On the sliders' step (a slider, and a shared link, hold multiples of 0.01).
    s_sd, t_sd = round(factor * data_start, 2), round(factor * data_doubling, 2)

    out = {
        "range_draws": N,
        "start_ci_low_minutes": ci_low,
        "start_ci_high_minutes": ci_high,
        "start_ci_doublings": math.log2(ci_high / ci_low),
        "data_start_spread": data_start,
        "data_doubling_spread": data_doubling,
        "spread_factor": factor,
        "default_start_spread": s_sd,
        "default_doubling_spread": t_sd,
        "doubling_range_low_months": doubling * 2 ** (-Z90 * t_sd),
        "doubling_range_high_months": doubling * 2 ** (Z90 * t_sd),
    }
    z_doubling, z_start = _lattice()
    starts, doublings = start * 2 ** (s_sd * z_start), doubling * 2 ** (t_sd * z_doubling)
    for fkey, family in (("exp", "exponential"), ("acc", "accelerating"), ("plateau", "plateau")):
        for mkey, target in MILESTONE_MINUTES.items():
            months = [
                _months_one_draw(family, target, s, t, accel, ceiling)
                for s, t in zip(starts, doublings, strict=True)
            ]
            q, late, never = _quantile_dates(months, start_date, horizon)
            out[f"{fkey}_{mkey}_range"] = _range_text(q, late, never, horizon)
    # The work year at the slider's slowest doubling time (12 months), the same spreads.
    slow = [
        _months_one_draw("exponential", MILESTONE_MINUTES["year"], s, t, 0.0, ceiling)
        for s, t in zip(starts, 12.0 * 2 ** (t_sd * z_doubling), strict=True)
    ]
    out["exp_slow_year_range"] = _range_text(*_quantile_dates(slow, start_date, horizon), horizon)

    raw = _calibration(metr, 1.0)
    misses = [miss for inside, miss in raw if not inside]
    widened = _calibration(metr, factor)
    out |= {
        "calibration_n_cutoffs": len(scenario_numbers.BACKTEST_CUTOFFS),
        "calibration_first_cutoff": f"{pd.Timestamp(scenario_numbers.BACKTEST_CUTOFFS[0]):%B %Y}",
        "calibration_last_cutoff": f"{pd.Timestamp(scenario_numbers.BACKTEST_CUTOFFS[-1]):%B %Y}",
        "calibration_n": len(raw),
        "calibration_raw_inside": sum(inside for inside, _ in raw),
        "calibration_raw_pct": 100 * np.mean([inside for inside, _ in raw]),
        "calibration_raw_outside": len(misses),
        "calibration_raw_above": sum(m > 0 for m in misses),
        "calibration_raw_misses_above": (
            f"all {len(misses)} misses were"
            if all(m > 0 for m in misses)
            else f"{sum(m > 0 for m in misses)} of the {len(misses)} misses were"
        ),
        "calibration_raw_median_miss": float(np.median(np.abs(misses))),
        "calibration_widened_inside": sum(inside for inside, _ in widened),
        "calibration_widened_pct": 100 * np.mean([inside for inside, _ in widened]),
    }

    # When will we know: month by month, the exponential's 10th percentile against the
    # plateau's 90th (a plateau draw starting above the ceiling stays at it).
    month = start_date.to_period("M").to_timestamp() + pd.offsets.MonthBegin(1)
    while month <= horizon:
        t = (month - start_date).total_seconds() / 86400 / DAYS_PER_MONTH
        exp = np.sort(starts * 2 ** (t / doublings))
        left = np.log2(ceiling / np.minimum(starts, ceiling))
        with np.errstate(divide="ignore", invalid="ignore"):
            plateau_doublings = left * np.tanh(t / (left * doublings))
        plateau = np.sort(np.where(starts >= ceiling, ceiling, starts * 2**plateau_doublings))
        if exp[LOW_RANK] > plateau[HIGH_RANK]:
            out |= {
                "know_month": f"{month:%B %Y}",
                "know_exp_low_hours": exp[LOW_RANK] / 60,
                "know_plateau_high_hours": plateau[HIGH_RANK] / 60,
            }
            break
        month += pd.offsets.MonthBegin(1)
    return out


MILESTONE_MINUTES = {"day": 8 * 60, "week": 40 * 60, "month": 167 * 60, "year": 2000 * 60}


def test_range_glue_matches_an_independent_recomputation():
    want = expected_range_numbers()
    got = scenario_numbers.range_numbers()
    assert set(got) == set(want)
    for name, value in want.items():
        if isinstance(value, str):
            assert got[name] == value, name
        else:
            assert got[name] == pytest.approx(float(value), rel=1e-9), name


@pytest.mark.parametrize(
    ("start_date", "start_minutes", "doubling", "ceiling"),
    [
        ("2026-02-05", 719.0, 4.0, 4800.0),
        ("2026-03-01", 720.0, 12.0, 960.0),
        ("2025-12-31", 90.0, 1.0, 1.2e5),
    ],
)
def test_with_no_uncertainty_the_bands_part_in_the_month_after_the_start(
    start_date, start_minutes, doubling, ceiling
):
    """Zero spreads: every draw is the point projection. The plateau doubles as fast as the
    exponential at the start and slower after (log2 of its horizon grows by D tanh(t / (D T))
    against t / T, and tanh(x) < x for x > 0), so it is below the exponential from any t > 0:
    the first month is the one after the start's, at the two point projections' values."""
    sep = trends.first_separation(start_date, start_minutes, doubling, ceiling, HORIZON)
    month_after = pd.Timestamp(start_date).to_period("M").to_timestamp() + pd.offsets.MonthBegin(1)
    assert sep.date == month_after
    t = trends.months_since(start_date, month_after)
    assert sep.exponential_low_minutes == trends.exponential_minutes(t, start_minutes, doubling)
    assert sep.plateau_high_minutes == trends.plateau_minutes(t, start_minutes, doubling, ceiling)
    assert sep.exponential_low_minutes > sep.plateau_high_minutes
