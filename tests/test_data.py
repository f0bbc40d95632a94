"""The data package as shipped: every file validates, every source resolves,
every quote is verbatim, METR's rows equal METR's YAML, and explainer.data keeps its contract
(names, dtypes, copies)."""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from explainer import data
from tests.data_fixtures import (
    SHARED_AVAILABLE,
    SHARED_MISSING_REASON,
    fold_whitespace,
    source_texts,
)

RESOURCES = data.resources()
needs_shared = pytest.mark.skipif(not SHARED_AVAILABLE, reason=SHARED_MISSING_REASON)


def quoted_cells() -> list:
    """(resource, row key, column, source_id, quote) for every cell of every *quote column."""
    cells = []
    for name in RESOURCES:
        frame = data.load(name)
        key = data.schema(name)["primaryKey"][0]
        fields = {f["name"]: f for f in data.schema(name)["fields"]}
        for column in [c for c in frame.columns if c.endswith("quote")]:
            optional = not fields[column].get("constraints", {}).get("required")
            for _, row in frame.iterrows():
                if optional and pd.isna(row[column]):
                    continue  # e.g. worry_quote: only the futures the essay worries about
                cells.append(
                    pytest.param(
                        name,
                        row[key],
                        column,
                        row["source_id"],
                        row[column],
                        id=f"{name}-{row[key]}-{column}",
                    )
                )
    return cells


@pytest.mark.parametrize("name", RESOURCES)
def test_every_resource_validates_and_has_its_schema_columns(name):
    frame = data.load(name)
    assert len(frame) > 0
    assert list(frame.columns) == [f["name"] for f in data.schema(name)["fields"]]


def test_validate_package_loads_every_resource():
    counts = data.validate_package()
    assert set(counts) == set(RESOURCES)
    assert all(n > 0 for n in counts.values())


def test_every_csv_in_data_is_a_resource_and_every_resource_a_csv():
    on_disk = {p.name for p in data.DATA_DIR.glob("*.csv")}
    described = {data.path(name).name for name in RESOURCES}
    assert on_disk == described
    assert all(data.path(name).is_file() for name in RESOURCES)


def test_descriptor_is_a_valid_frictionless_package():
    """frictionless is a test-only check that our own validator agrees with the reference one."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(data.DATA_DIR / "datapackage.json"))
    errors = [error.message for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]
    assert report.valid, errors[:5]


def test_every_schema_declares_types_keys_and_sources():
    descriptor = json.loads((data.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        assert schema["primaryKey"], resource["name"]
        assert all(field.get("type") for field in schema["fields"]), resource["name"]
        names = [field["name"] for field in schema["fields"]]
        if "source_id" in names and resource["name"] != "sources":
            references = [fk["reference"]["resource"] for fk in schema["foreignKeys"]]
            assert "sources" in references, resource["name"]


def test_units_are_an_enum_in_the_schema():
    units = next(f for f in data.schema("internal_metrics")["fields"] if f["name"] == "unit")
    assert {
        "minutes",
        "hours",
        "percent",
        "multiplier",
        "count",
        "usd",
        "percentage_points",
    } <= set(units["constraints"]["enum"])


@pytest.mark.parametrize("name", [n for n in RESOURCES if "source_id" in data.load(n).columns])
def test_every_source_id_resolves(name):
    known = set(data.load("sources")["source_id"])
    cited = set(data.load(name)["source_id"])
    assert cited <= known, cited - known


def test_sources_roles():
    sources = data.load("sources").set_index("source_id")
    assert sources.loc["essay_when_ai_builds_itself", "role"] == "primary"
    assert (sources["role"] == "secondary").sum() == 3
    assert sources.loc["metr_time_horizon_1_1", "role"] == "reference"


@needs_shared
def test_every_source_file_exists():
    for files in data.load("sources")["files"]:
        for file in files.split(";"):
            assert (data.SHARED_DIR / file).is_file(), file


@needs_shared
@pytest.mark.parametrize(
    ("resource", "key", "column", "source_id", "quote"),
    quoted_cells(),
)
def test_quote_is_verbatim_in_its_source(resource, key, column, source_id, quote):
    folded = fold_whitespace(quote)
    assert folded, f"{resource}/{key}: empty {column}"
    assert any(folded in text for text in source_texts(source_id)), (
        f"{resource}/{key}/{column} not found"
    )


@needs_shared
def test_era_labels_and_titles_are_in_the_essay():
    (essay,) = source_texts("essay_when_ai_builds_itself")
    for _, era in data.load("eras").iterrows():
        assert f"{era.period_label} {era.title} {era.description}" in essay


@needs_shared
def test_metr_rows_equal_metr_yaml():
    """METR rows have no sentence to quote: their numbers must equal METR's file exactly."""
    yaml_file = data.SHARED_DIR / "reference-data" / "metr_time_horizon_1_1.yaml"
    results = yaml.safe_load(yaml_file.read_text(encoding="utf-8"))["results"]
    frame = data.load("metr_horizons").set_index("model_id")
    assert set(frame.index) == set(results)
    for model_id, result in results.items():
        row = frame.loc[model_id]
        assert row["release_date"] == pd.Timestamp(str(result["release_date"])), model_id
        assert bool(row["frontier"]) is bool(result["is_sota"]), model_id
        for horizon in ("p50", "p80"):
            numbers = result[f"{horizon}_horizon_minutes"]
            assert row[f"{horizon}_minutes"] == numbers["estimate"], model_id
            for bound in ("ci_low", "ci_high"):
                expected = numbers.get(bound)
                got = row[f"{horizon}_{bound}"]
                assert math.isnan(got) if expected is None else got == expected, (model_id, bound)
        expected_score = result.get("average_score")
        got_score = row["average_score"]
        assert math.isnan(got_score) if expected_score is None else got_score == expected_score
        assert row["source_id"] == "metr_time_horizon_1_1"


def test_dtypes_follow_the_contract():
    metr = data.load("metr_horizons")
    assert metr["release_date"].dtype == "datetime64[ns]"
    assert metr["frontier"].dtype == bool
    assert metr["p50_minutes"].dtype == "float64"
    assert metr["model"].dtype == "string"
    eras = data.load("eras")
    assert eras["start_year"].dtype == "Int64"
    horizons = data.load("task_horizons")
    assert horizons["date"].dtype == "datetime64[ns]"
    assert horizons["minutes"].dtype == "float64"


def test_load_returns_an_independent_copy_and_is_cached():
    first = data.load("metr_horizons")
    first.loc[0, "p50_minutes"] = -1.0
    assert data.load("metr_horizons").loc[0, "p50_minutes"] != -1.0
    start = time.perf_counter()
    for _ in range(50):
        data.load("internal_metrics")
    assert time.perf_counter() - start < 1.0


def test_unknown_resource_is_a_data_error_not_a_key_error():
    with pytest.raises(data.DataError) as raised:
        data.load("no_such_table")
    assert raised.value.value == "no_such_table"
    assert "datapackage.json" in str(raised.value)


def test_contract_names():
    assert data.DATA_DIR == data.path("sources").parent
    # Beside the repository unless EXPLAINER_SHARED_DIR names another folder (a second worktree).
    beside = data.DATA_DIR.parent.parent / "shared"
    assert data.SHARED_DIR == Path(os.environ.get("EXPLAINER_SHARED_DIR") or beside)
    assert "metr_horizons" in data.resources()
    assert data.schema("metr_horizons")["primaryKey"] == ["model_id"]
    assert issubclass(data.DataError, Exception)


def test_describe_package_lists_every_resource():
    described = data.describe_package()
    assert list(described["name"]) == RESOURCES
    assert {"title", "file", "rows", "fields", "sources"} <= set(described.columns)
    metr = described.set_index("name").loc["metr_horizons"]
    assert metr["rows"] == len(data.load("metr_horizons"))
    assert "p50_ci_low" in metr["fields"]
    assert metr["sources"] == "metr_time_horizon_1_1"


def test_disagreements_resolve_to_rows_on_both_sides():
    for _, disagreement in data.disagreements().iterrows():
        for side in ("left", "right"):
            name = disagreement[f"{side}_resource"]
            key = data.schema(name)["primaryKey"][0]
            assert disagreement[f"{side}_id"] in set(data.load(name)[key])


def test_disagreements_filter_by_resource():
    with_metr = data.disagreements("metr_horizons")
    assert len(with_metr) >= 2
    assert (
        (with_metr["left_resource"] == "metr_horizons")
        | (with_metr["right_resource"] == "metr_horizons")
    ).all()


def test_estimates_never_fall_outside_their_ranges():
    for name in ("horizon_trends", "benchmarks", "internal_metrics", "context"):
        frame = data.load(name)
        low_ok = (
            frame["value_low"].isna()
            | frame["value"].isna()
            | (frame["value_low"] <= frame["value"])
        )
        high_ok = (
            frame["value_high"].isna()
            | frame["value"].isna()
            | (frame["value"] <= frame["value_high"])
        )
        assert low_ok.all() and high_ok.all(), name


def test_word_only_figures_carry_no_invented_point():
    """'low single digits', 'saturated', 'high 80s': a range or words, never a point value."""
    for name in ("benchmarks", "internal_metrics"):
        frame = data.load(name)
        worded = frame["qualitative"].isin(
            ["low single digits", "saturated", "high 80s", "tens of thousands"]
        )
        assert worded.any()
        assert frame.loc[worded, "value"].isna().all(), name
