"""Unit tests of `explainer.trends` with values checked by hand, and the fit on METR's table
held against an independent computation (numpy's polyfit on the same rows).

Hand checks are written as the arithmetic that gives them, so a reader can redo each one.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from explainer import trends

REFERENCE_YAML = (
    Path(__file__).resolve().parents[2] / "shared" / "reference-data" / "metr_time_horizon_1_1.yaml"
)
if not REFERENCE_YAML.exists():  # the tree may sit elsewhere; the shared folder does not move
    REFERENCE_YAML = Path("/work/shared/reference-data/metr_time_horizon_1_1.yaml")

HOUR = 60.0


def metr_from_yaml(path: Path = REFERENCE_YAML) -> pd.DataFrame:
    """METR's table from the published YAML, in the columns `explainer.data` gives."""
    results = yaml.safe_load(path.read_text())["results"]
    rows = [
        {
            "model_id": model_id,
            "model": model_id,
            "release_date": pd.Timestamp(r["release_date"]),
            "frontier": bool(r["is_sota"]),
            "p50_minutes": r["p50_horizon_minutes"]["estimate"],
            "p50_ci_low": r["p50_horizon_minutes"].get("ci_low"),
            "p50_ci_high": r["p50_horizon_minutes"].get("ci_high"),
            "p80_minutes": r["p80_horizon_minutes"]["estimate"],
            "p80_ci_low": r["p80_horizon_minutes"].get("ci_low"),
            "p80_ci_high": r["p80_horizon_minutes"].get("ci_high"),
            "source_id": "metr_time_horizon_1_1",
        }
        for model_id, r in results.items()
    ]
    return pd.DataFrame(rows).sort_values("release_date", kind="stable").reset_index(drop=True)


def metr_frame() -> pd.DataFrame:
    """METR's table through the project's loader when it exists, else from the YAML."""
    try:
        from explainer.data import load
    except ImportError:
        return metr_from_yaml()
    return load("metr_horizons")


@pytest.fixture(scope="module")
def metr() -> pd.DataFrame:
    return metr_frame()


# --- Constants -------------------------------------------------------------------------------


def test_milestones_are_work_day_week_month_year_in_minutes():
    assert trends.MILESTONES == {
        "1 work day": 8 * 60,
        "1 work week": 40 * 60,
        "1 work month": 167 * 60,
        "1 work year": 2000 * 60,
    }
    assert trends.DAYS_PER_MONTH == 30.4375
    assert trends.MS_PER_MONTH == 30.4375 * 86_400_000


# --- Hand-checked projections ------------------------------------------------------------------


def test_four_month_doubling_takes_12_hours_to_40_hours_in_6_95_months():
    # 4 * log2(40 / 12) = 4 * 1.73697 = 6.9479 months
    months = trends.exponential_months_to(40 * HOUR, 12 * HOUR, 4)
    assert months == pytest.approx(6.95, abs=0.005)
    assert trends.exponential_minutes(months, 12 * HOUR, 4) == pytest.approx(40 * HOUR, rel=1e-12)


def test_exponential_doubles_every_doubling_time():
    # 12 hours, doubling every 4 months: a year is 3 doublings, 12 * 8 = 96 hours.
    assert trends.exponential_minutes(12, 12 * HOUR, 4) == pytest.approx(96 * HOUR, rel=1e-12)
    assert trends.exponential_minutes(0, 12 * HOUR, 4) == 12 * HOUR
    # Running backwards: 4 months before, half.
    assert trends.exponential_minutes(-4, 12 * HOUR, 4) == pytest.approx(6 * HOUR, rel=1e-12)
    # Arrays in, arrays out.
    np.testing.assert_allclose(
        trends.exponential_minutes(np.array([0, 4, 8]), 10.0, 4), [10, 20, 40], rtol=1e-12
    )


def test_accelerating_halving_doublings_reach_infinity_at_twice_t():
    # T = 4, d = 0.5: doublings take 4, 2, 1, 0.5, ... months, starting at t_k = 0, 4, 6, 7, 7.5,
    # ... = 8 (1 - 0.5^k); they add up to 8 months. Within doubling k the horizon doubles at
    # that doubling's own rate: n(t) = k + (t - t_k) / (4 * 0.5^k).
    start = 60.0
    cases = {
        2: 0.5,  # k = 0: 0 + 2 / 4, the exponential's half doubling
        4: 1.0,  # t_1 = 4
        5: 1.5,  # k = 1, t_1 = 4, lasting 2: 1 + 1 / 2
        6: 2.0,  # t_2 = 6: exactly 2 doublings, 4x the start
        6.5: 2.5,  # k = 2, t_2 = 6, lasting 1: 2 + 0.5 / 1
        7: 3.0,  # t_3 = 7: doubling 2 (from t_2 = 6, lasting 1) ends at 2 + 1 / 1 = 3
        7.25: 3.5,  # k = 3, t_3 = 7, lasting 0.5: 3 + 0.25 / 0.5
        7.5: 4.0,  # t_4 = 7.5
    }
    for months, doublings in cases.items():
        assert trends.accelerating_minutes(months, start, 4, 0.5) == pytest.approx(
            start * 2**doublings, rel=1e-12
        )
        # ... and back: the months to reach that horizon are those months.
        assert trends.accelerating_months_to(start * 2**doublings, start, 4, 0.5) == pytest.approx(
            months, rel=1e-12
        )
    assert trends.accelerating_singularity_months(4, 0.5) == 8
    assert math.isnan(trends.accelerating_minutes(8, start, 4, 0.5))
    assert math.isnan(trends.accelerating_minutes(9, start, 4, 0.5))
    # Time to 3 doublings: 4 * (1 - 0.5**3) / 0.5 = 7 months.
    assert trends.accelerating_months_to(8 * start, start, 4, 0.5) == pytest.approx(7, rel=1e-12)
    # 8 months after 2026-01-01 is 8 * 30.4375 = 243.5 days: 2026-09-01 at noon.
    assert trends.singularity_date("2026-01-01", 4, 0.5) == pd.Timestamp("2026-09-01 12:00")
    assert trends.singularity_date("2026-01-01", 4, 0.0) is None
    assert trends.accelerating_singularity_months(4, 0.0) is None


@pytest.mark.parametrize(
    ("doubling", "accel"), [(4, 0.5), (4, 0.1), (1, 0.25), (12, 0.01), (2.5, 0.9), (7, 1e-9)]
)
def test_accelerating_whole_doublings_are_the_issues_formula(doubling, accel):
    # The issue: n doublings take T (1 - (1-d)^n) / d, exactly at every whole n (the reference
    # here is written with log1p/expm1 so it keeps its digits at small d). The horizon there is
    # the start times 2^n.
    start = 90.0
    for n in range(0, 13):
        issue = doubling * -math.expm1(n * math.log1p(-accel)) / accel
        assert trends.accelerating_months_to(start * 2**n, start, doubling, accel) == pytest.approx(
            issue, rel=1e-12, abs=1e-12
        )
        if (1 - accel) ** n > 1e-3:  # the horizon is ill-conditioned in t this close to T / d
            assert trends.accelerating_minutes(issue, start, doubling, accel) == pytest.approx(
                start * 2**n, rel=1e-12
            )


def test_accelerating_doublings_interpolate_at_their_own_rate():
    # T = 3, d = 0.2: doubling 0 lasts 3 months, doubling 1 lasts 3 * 0.8 = 2.4, doubling 2
    # lasts 3 * 0.64 = 1.92, starting at t_2 = 3 + 2.4 = 5.4. At t = 5.4 + 0.48 = 5.88 the
    # horizon is a quarter of the way through doubling 2: n = 2.25.
    assert trends.accelerating_minutes(5.88, 10.0, 3, 0.2) == pytest.approx(10 * 2**2.25, rel=1e-12)
    assert trends.accelerating_months_to(10 * 2**2.25, 10.0, 3, 0.2) == pytest.approx(
        5.88, rel=1e-12
    )
    # Within a doubling log2(minutes) is linear in months: equal steps in t give equal
    # steps in n within each doubling (1 / 2.4 doublings per month in doubling 1).
    months = np.linspace(3, 5.4, 7)
    n = np.log2(trends.accelerating_minutes(months, 10.0, 3, 0.2) / 10)
    np.testing.assert_allclose(np.diff(n), 0.4 / 2.4, rtol=1e-12)


def test_accelerating_with_no_acceleration_is_the_exponential():
    months = np.linspace(0, 60, 13)
    np.testing.assert_array_equal(
        trends.accelerating_minutes(months, 720, 4, 0.0), trends.exponential_minutes(months, 720, 4)
    )
    assert trends.accelerating_months_to(2400, 720, 4, 0.0) == trends.exponential_months_to(
        2400, 720, 4
    )


def test_accelerating_keeps_its_digits_for_tiny_acceleration():
    # As d -> 0 the family must tend to the exponential; naive log(1 - d) would lose ~8 digits
    # at d = 1e-9.
    for months in [0.5, 3.0, 17.0]:
        assert trends.accelerating_minutes(months, 60, 4, 1e-12) == pytest.approx(
            trends.exponential_minutes(months, 60, 4), rel=1e-10
        )
    assert trends.accelerating_months_to(2400, 720, 4, 1e-12) == pytest.approx(
        trends.exponential_months_to(2400, 720, 4), rel=1e-10
    )


def test_accelerating_first_doubling_is_the_exponential_and_later_ones_are_faster():
    # Doubling 0 lasts T at the exponential's rate; doubling 1 lasts T (1 - d). With T = 4,
    # d = 0.5: at 2 months both are at 2^0.5; at 5 months the exponential is at 2^1.25 and the
    # accelerating family at 2^1.5.
    months = np.linspace(0, 4, 17)
    np.testing.assert_allclose(
        trends.accelerating_minutes(months, 1.0, 4, 0.5),
        trends.exponential_minutes(months, 1.0, 4),
        rtol=1e-14,
    )
    assert trends.accelerating_minutes(5, 1.0, 4, 0.5) == pytest.approx(2**1.5, rel=1e-12)
    assert trends.exponential_minutes(5, 1.0, 4) == pytest.approx(2**1.25, rel=1e-12)


def test_plateau_half_way_to_the_ceiling_in_log_terms():
    # Start 60 min, ceiling 960 = 60 * 2^4 (D = 4 doublings left), T = 3 months.
    # Two doublings (240 min): t = D T atanh(2 / 4) = 12 * 0.5 ln 3 = 6 ln 3 = 6.5917 months.
    months = trends.plateau_months_to(240, 60, 3, 960)
    assert months == pytest.approx(6 * math.log(3), rel=1e-12)
    assert trends.plateau_minutes(months, 60, 3, 960) == pytest.approx(240, rel=1e-12)
    # It starts off like the exponential with the same doubling time ...
    assert trends.plateau_minutes(1e-4, 60, 3, 960) == pytest.approx(
        trends.exponential_minutes(1e-4, 60, 3), rel=1e-9
    )
    # ... and ends at the ceiling, which it never passes and never reaches.
    assert trends.plateau_minutes(1000, 60, 3, 960) == 960
    assert math.isnan(trends.plateau_months_to(960, 60, 3, 960))
    assert math.isnan(trends.plateau_months_to(5000, 60, 3, 960))
    assert trends.plateau_months_to(30, 60, 3, 960) == 0


# --- Milestones and projection frames ----------------------------------------------------------


def test_milestones_of_the_four_month_trend_from_12_hours():
    frame = trends.milestones(
        "exponential", "2026-02-05", 12 * HOUR, 4, horizon_date="2028-01-01"
    ).set_index("milestone")
    # Day: 8 h is below the start: reached at the start. Week: 4 log2(40/12) = 6.948.
    # Month: 4 log2(167/12) = 15.195. Year: 4 log2(2000/12) = 29.52 months, mid-2028,
    # after the horizon.
    assert frame.loc["1 work day", "months"] == 0
    assert frame.loc["1 work day", "date"] == pd.Timestamp("2026-02-05")
    assert frame.loc["1 work week", "months"] == pytest.approx(6.948, abs=1e-3)
    assert frame.loc["1 work month", "months"] == pytest.approx(15.195, abs=1e-3)
    # 15.195 * 30.4375 = 462.5 days = 365 + 97.5: 2026-02-05 -> 2027-02-05 -> 2027-05-13.
    assert frame.loc["1 work month", "status"] == "2027-05-13"
    assert not frame.loc["1 work year", "reached"]
    assert pd.isna(frame.loc["1 work year", "date"])
    assert frame.loc["1 work year", "status"] == "not reached by 2028-01-01"
    assert list(frame["reached"]) == [True, True, True, False]


def test_plateau_milestones_above_the_ceiling_are_never_reached():
    frame = trends.milestones("plateau", "2026-02-05", 720, 4, ceiling_minutes=5000)
    assert list(frame["reached"]) == [True, True, False, False]
    assert list(frame["status"][2:]) == ["never: at or above the ceiling"] * 2


@pytest.mark.parametrize(
    ("target", "start", "ceiling"),
    [
        # log2(target / start) and log2(ceiling / start) round to the same double here
        (5.0, 1.0000000000000002, 5.000000000000001),
        (5.0, 1.0, math.nextafter(5.0, 6.0)),  # the ceiling one double above the target
        (4999.0, 720.0, 5000.0),
    ],
)
def test_plateau_targets_just_under_the_ceiling_are_reached_in_finite_time(target, start, ceiling):
    months = trends.plateau_months_to(target, start, 4.0, ceiling)
    assert math.isfinite(months) and months > 0
    assert trends.plateau_minutes(months, start, 4.0, ceiling) == pytest.approx(target, rel=1e-9)
    # and later than any target further below the ceiling
    assert months > trends.plateau_months_to(target * 0.999, start, 4.0, ceiling)


def test_project_leaves_out_the_singularity_and_beyond():
    dates = pd.date_range("2026-02-05", "2027-02-05", freq="7D")
    frame = trends.project("accelerating", dates, "2026-02-05", 720, 4, 0.5)
    singular = trends.singularity_date("2026-02-05", 4, 0.5)
    assert list(frame.columns) == ["date", "months", "minutes", "family"]
    assert frame["date"].max() < singular < dates.max()
    assert np.isfinite(frame["minutes"]).all()
    assert frame["minutes"].is_monotonic_increasing
    assert len(frame) == (dates < singular).sum()
    exponential = trends.project("exponential", dates, "2026-02-05", 720, 4)
    assert len(exponential) == len(dates)


def test_projected_minutes_and_months_to_reach_dispatch_by_family():
    args = (720, 4, 0.2, 5000)
    assert trends.projected_minutes("exponential", 3, *args) == trends.exponential_minutes(
        3, 720, 4
    )
    assert trends.projected_minutes("accelerating", 3, *args) == trends.accelerating_minutes(
        3, 720, 4, 0.2
    )
    assert trends.months_to_reach("plateau", 2400, *args) == trends.plateau_months_to(
        2400, 720, 4, 5000
    )
    with pytest.raises(ValueError, match="family must be one of"):
        trends.projected_minutes("linear", 3, *args)
    with pytest.raises(ValueError, match="needs a ceiling"):
        trends.months_to_reach("plateau", 2400, 720, 4)


# --- Doubling times from two observations -------------------------------------------------------


def test_the_essays_three_figures_imply_their_doubling_times():
    # 4 min (Mar 2024) -> 1.5 h (a year later) -> 12 h (a year after that).
    assert trends.implied_doubling_time(4, 90, 12) == pytest.approx(12 / math.log2(22.5))
    assert trends.implied_doubling_time(4, 90, 12) == pytest.approx(2.67, abs=0.005)
    assert trends.implied_doubling_time(90, 720, 12) == pytest.approx(4.0, rel=1e-12)  # 8 = 2^3
    assert trends.implied_doubling_time(4, 720, 24) == pytest.approx(3.20, abs=0.005)  # log2 180
    # Dated: 365 days between 2024-03-04 and 2025-03-04, 4 -> 8 minutes: one doubling.
    assert trends.implied_doubling_days("2024-03-04", 4, "2025-03-04", 8) == pytest.approx(365)
    with pytest.raises(ValueError, match="must grow"):
        trends.implied_doubling_time(90, 90, 12)


# --- Amdahl's law --------------------------------------------------------------------------------


def test_amdahl_p_0_8_s_52_is_4_64x():
    # 1 / (0.2 + 0.8 / 52) = 52 / 11.2 = 65 / 14 = 4.642857...
    assert trends.amdahl_speedup(0.8, 52) == pytest.approx(65 / 14, rel=1e-12)
    assert round(trends.amdahl_speedup(0.8, 52), 2) == 4.64


def test_amdahl_bottleneck_view():
    # Review a fixed 20% of the work: nothing can make the whole more than 1 / 0.2 = 5x faster.
    assert trends.amdahl_limit(0.2) == pytest.approx(5.0)
    assert trends.amdahl_speedup(0.8, math.inf) == pytest.approx(5.0)
    assert trends.amdahl_limit(0.0) == math.inf
    # After the 52x speedup, review is 0.2 * 65/14 = 13/14 of the time (it was 20%).
    assert trends.review_share_of_time(0.8, 52) == pytest.approx(13 / 14, rel=1e-12)
    # For 4x overall with 80% sped up: 0.8 / (1/4 - 0.2) = 16x.
    assert trends.amdahl_required_speedup(0.8, 4) == pytest.approx(16.0, rel=1e-12)
    with pytest.raises(ValueError, match="out of reach"):
        trends.amdahl_required_speedup(0.8, 5.5)
    with pytest.raises(ValueError, match="out of reach"):
        trends.amdahl_required_speedup(0.8, trends.amdahl_limit(1 - 0.8))
    # Edge cases: nothing sped up, everything sped up, no speedup at all.
    assert trends.amdahl_speedup(0.0, 52) == 1.0
    assert trends.amdahl_speedup(1.0, 52) == pytest.approx(52.0)
    assert trends.amdahl_speedup(0.5, 1) == 1.0
    assert trends.amdahl_speedup(0.5, 2) == pytest.approx(4 / 3)


# --- Dates ----------------------------------------------------------------------------------------


def test_dates_are_milliseconds_since_epoch_utc():
    assert trends.to_epoch_ms("1970-01-02") == 86_400_000
    assert trends.to_epoch_ms(pd.Timestamp("1970-01-02 01:00", tz="Europe/Paris")) == 86_400_000
    assert trends.to_epoch_ms(86_400_000) == 86_400_000  # numbers are already milliseconds
    np.testing.assert_array_equal(
        trends.to_epoch_ms(pd.Series(pd.to_datetime(["1970-01-01", "1970-01-03"]))),
        [0.0, 172_800_000.0],
    )
    assert trends.months_since("2026-01-01", "2027-01-01") == pytest.approx(365 / 30.4375)
    assert trends.date_after("2026-01-01", 12) == pd.Timestamp("2027-01-01 06:00")  # 365.25 d
    assert pd.isna(trends.date_after("2026-01-01", math.nan))


# --- The fit on METR's table, against an independent computation ---------------------------------


def _independent_fit(df: pd.DataFrame, since: str | None, frontier_only: bool):
    """The same regression done another way: pandas masks, days since 1970, numpy.polyfit."""
    rows = df[df["p50_minutes"] > 0]
    if since is not None:
        rows = rows[rows["release_date"] >= pd.Timestamp(since)]
    if frontier_only:
        rows = rows[rows["frontier"]]
    days = (rows["release_date"] - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86_400
    x = days.to_numpy()
    y = np.log2(rows["p50_minutes"].to_numpy(dtype=float))
    slope, intercept = np.polyfit(x, y, 1)
    r2 = np.corrcoef(x, y)[0, 1] ** 2
    return x, y, slope, intercept, r2


def _independent_bootstrap(x: np.ndarray, y: np.ndarray, reps: int, seed: int) -> tuple:
    """The documented bootstrap protocol, one resample at a time with polyfit."""
    draws = np.random.default_rng(seed).integers(0, len(x), size=(reps, len(x)))
    doubling_days = []
    for idx in draws:
        if len(np.unique(x[idx])) < 2:
            continue
        slope = np.polyfit(x[idx], y[idx], 1)[0]
        if slope > 0:
            doubling_days.append(1 / slope)
    low, high = np.percentile(doubling_days, [2.5, 97.5])
    return low, high, len(doubling_days)


WINDOWS = [(None, True), (None, False), ("2023-01-01", True), ("2023-01-01", False),
           ("2024-01-01", True), ("2024-01-01", False)]  # fmt: skip


@pytest.mark.parametrize(("since", "frontier_only"), WINDOWS)
def test_fit_matches_an_independent_regression_on_metrs_table(metr, since, frontier_only):
    fit = trends.fit_doubling_time(metr, since=since, frontier_only=frontier_only)
    x, y, slope, intercept, r2 = _independent_fit(metr, since, frontier_only)
    assert fit.n == len(x)
    assert fit.days == pytest.approx(1 / slope, rel=1e-9)
    assert fit.months == pytest.approx(1 / slope / (365.25 / 12), rel=1e-9)
    assert fit.r2 == pytest.approx(r2, rel=1e-9)
    # The fitted line passes through the same points.
    first_date = pd.Timestamp("1970-01-01") + pd.Timedelta(days=x.min())
    assert fit.predict(first_date) == pytest.approx(2 ** (intercept + slope * x.min()), rel=1e-9)
    low, high, usable = _independent_bootstrap(x, y, trends.BOOTSTRAP_REPS, trends.BOOTSTRAP_SEED)
    assert fit.ci_low == pytest.approx(low, rel=1e-9)
    assert fit.ci_high == pytest.approx(high, rel=1e-9)
    assert fit.n_boot == usable
    assert fit.ci_low < fit.days < fit.ci_high
    assert fit.ci_low_months == pytest.approx(fit.ci_low / trends.DAYS_PER_MONTH)


def test_fit_window_counts_on_metrs_table(metr):
    # 24 models, 17 marked state of the art; 2023 on: 21 and 14; 2024 on: 19 and 12.
    counts = {
        (since, frontier): trends.fit_doubling_time(metr, since=since, frontier_only=frontier).n
        for since, frontier in WINDOWS
    }
    assert counts == {
        (None, True): 17,
        (None, False): 24,
        ("2023-01-01", True): 14,
        ("2023-01-01", False): 21,
        ("2024-01-01", True): 12,
        ("2024-01-01", False): 19,
    }


def test_fit_is_reproducible_and_seeded(metr):
    a = trends.fit_doubling_time(metr, since="2023-01-01")
    b = trends.fit_doubling_time(metr, since="2023-01-01")
    c = trends.fit_doubling_time(metr, since="2023-01-01", seed=1)
    assert a == b
    assert (a.ci_low, a.ci_high) != (c.ci_low, c.ci_high)
    assert a.days == c.days
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.days = 1.0  # type: ignore[misc]


def test_loader_and_published_yaml_agree(metr):
    """The frame the fits run on is METR's table (guards the fallback path too)."""
    published = metr_from_yaml().set_index("model_id")
    ours = metr.set_index("model_id").loc[published.index]
    np.testing.assert_allclose(ours["p50_minutes"], published["p50_minutes"], rtol=1e-12)
    assert (ours["frontier"].astype(bool) == published["frontier"]).all()
    assert (ours["release_date"] == published["release_date"]).all()


def test_fit_recovers_an_exact_doubling_time_and_draws_its_line():
    # Three models exactly on a 100-day doubling: every usable resample gives 100 days too.
    dates = pd.to_datetime(["2024-01-01", "2024-04-10", "2024-07-19"])  # 100 days apart
    df = pd.DataFrame(
        {"model_id": ["a", "b", "c"], "release_date": dates, "frontier": True,
         "p50_minutes": [10.0, 20.0, 40.0]}
    )  # fmt: skip
    fit = trends.fit_doubling_time(df)
    assert fit.days == pytest.approx(100, rel=1e-12)
    assert fit.r2 == pytest.approx(1.0)
    assert fit.ci_low == pytest.approx(100) and fit.ci_high == pytest.approx(100)
    assert fit.model_ids == ("a", "b", "c")
    line = fit.line("2024-01-01", "2024-10-27", n=4)  # 0, 100, 200, 300 days
    np.testing.assert_allclose(line["minutes"], [10, 20, 40, 80], rtol=1e-12)
    assert list(line.columns) == ["date", "minutes"]
    assert fit.predict("2024-04-10") == pytest.approx(20, rel=1e-12)


def test_fit_refuses_windows_without_a_trend(metr):
    with pytest.raises(ValueError, match="at least two release dates"):
        trends.fit_doubling_time(metr, since="2026-02-01", until="2026-02-28")
    shrinking = pd.DataFrame(
        {"model_id": ["a", "b"], "release_date": pd.to_datetime(["2024-01-01", "2025-01-01"]),
         "frontier": True, "p50_minutes": [20.0, 10.0]}
    )  # fmt: skip
    with pytest.raises(ValueError, match="does not grow"):
        trends.fit_doubling_time(shrinking)


# --- Backtest ------------------------------------------------------------------------------------


def test_backtest_on_metrs_table_matches_an_independent_projection(metr):
    cutoff = pd.Timestamp("2025-01-01")
    result = trends.backtest(metr, cutoff)
    train = metr[(metr["release_date"] < cutoff) & metr["frontier"]]
    test = metr[(metr["release_date"] >= cutoff) & metr["frontier"]]
    days = lambda s: ((s - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86_400).to_numpy()  # noqa: E731
    slope, intercept = np.polyfit(days(train["release_date"]), np.log2(train["p50_minutes"]), 1)
    predicted_log2 = intercept + slope * days(test["release_date"])
    errors = np.log2(test["p50_minutes"].to_numpy()) - predicted_log2
    assert result.n_test == len(test) == 7
    np.testing.assert_allclose(result.predictions["log2_error"], errors, rtol=1e-9)
    assert result.mean_log2_error == pytest.approx(errors.mean(), rel=1e-9)
    assert result.mean_abs_log2_error == pytest.approx(np.abs(errors).mean(), rel=1e-9)
    assert result.rmse_log2_error == pytest.approx(np.sqrt((errors**2).mean()), rel=1e-9)
    # METR's table says the pre-2025 trend under-predicted every later frontier model.
    assert (result.predictions["log2_error"] > 0).all()


def test_backtest_of_an_exact_trend_has_no_error():
    dates = pd.date_range("2020-01-01", periods=8, freq="100D")
    df = pd.DataFrame(
        {"model_id": list("abcdefgh"), "release_date": dates, "frontier": True,
         "p50_minutes": 2.0 ** np.arange(8)}
    )  # fmt: skip
    result = trends.backtest(df, dates[5])
    assert result.n_test == 3
    np.testing.assert_allclose(result.predictions["log2_error"], 0, atol=1e-9)
    with pytest.raises(ValueError, match="no models released on or after"):
        trends.backtest(df, "2030-01-01")
