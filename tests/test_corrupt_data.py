"""Bad data is impossible to miss: each kind of corruption, written to a temporary copy of data/,
is refused with a DataError that names the file, the line, the column, the value and the rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from explainer import data
from tests.data_fixtures import copy_data_dir, read_table, set_cell, write_table


@dataclass(frozen=True)
class Corruption:
    """One way to break one file, and what the DataError must then say."""

    resource: str  # the resource to load
    file: str  # the CSV the error must name
    column: str
    rule: str  # a fragment of the rule the error must name
    break_copy: Callable[[Path], int]  # corrupts the copy, returns the line the error must name


def cell(file: str, key: str, column: str, value: str) -> Callable[[Path], int]:
    return lambda directory: set_cell(directory / file, key, column, value)


def drop_column(file: str, column: str) -> Callable[[Path], int]:
    def corrupt(directory: Path) -> int:
        table = read_table(directory / file)
        index = table[0].index(column)
        write_table(directory / file, [row[:index] + row[index + 1 :] for row in table])
        return 1

    return corrupt


def add_column(file: str, column: str) -> Callable[[Path], int]:
    def corrupt(directory: Path) -> int:
        table = read_table(directory / file)
        write_table(directory / file, [table[0] + [column]] + [[*row, "x"] for row in table[1:]])
        return 1

    return corrupt


def empty(file: str) -> Callable[[Path], int]:
    def corrupt(directory: Path) -> int:
        (directory / file).write_text("", encoding="utf-8")
        return 1

    return corrupt


def duplicate_row(file: str, key: str) -> Callable[[Path], int]:
    def corrupt(directory: Path) -> int:
        table = read_table(directory / file)
        original = next(row for row in table if row[0] == key)
        table.append(list(original))
        write_table(directory / file, table)
        return len(table)  # the copy is the last line

    return corrupt


def truncate_row(file: str, key: str, keep: int) -> Callable[[Path], int]:
    def corrupt(directory: Path) -> int:
        table = read_table(directory / file)
        line = next(i for i, row in enumerate(table, start=1) if row[0] == key)
        table[line - 1] = table[line - 1][:keep]
        write_table(directory / file, table)
        return line

    return corrupt


CORRUPTIONS = {
    # the twelve kinds the issue names
    "wrong type": Corruption(
        "metr_horizons",
        "metr_horizons.csv",
        "p50_minutes",
        "type number",
        cell("metr_horizons.csv", "claude_3_opus_inspect", "p50_minutes", "four"),
    ),
    "missing required value": Corruption(
        "internal_metrics",
        "internal_metrics.csv",
        "subject",
        "required",
        cell("internal_metrics.csv", "api_fixes_count", "subject", ""),
    ),
    "unknown source id": Corruption(
        "task_horizons",
        "task_horizons.csv",
        "source_id",
        "foreignKey",
        cell("task_horizons.csv", "essay_claude_opus_3", "source_id", "a_blog_post"),
    ),
    "negative duration": Corruption(
        "task_horizons",
        "task_horizons.csv",
        "minutes",
        "minimum",
        cell("task_horizons.csv", "essay_claude_opus_4_6", "minutes", "-720"),
    ),
    "negative duration by unit": Corruption(
        "internal_metrics",
        "internal_metrics.csv",
        "value",
        "unit_ranges",
        cell("internal_metrics.csv", "training_crash_claude_time", "value", "-2"),
    ),
    "percentage above 100": Corruption(
        "internal_metrics",
        "internal_metrics.csv",
        "value",
        "unit_ranges",
        cell("internal_metrics.csv", "session_success_open_ended_may_2026", "value", "176"),
    ),
    "unparsable date": Corruption(
        "timeline",
        "timeline.csv",
        "date",
        "type date",
        cell("timeline.csv", "claude_opus_4", "date", "May 2025"),
    ),
    "impossible date": Corruption(
        "timeline",
        "timeline.csv",
        "date_end",
        "type date",
        cell("timeline.csv", "claude_code_research_preview", "date_end", "2025-02-30"),
    ),
    "duplicate key": Corruption(
        "metr_horizons",
        "metr_horizons.csv",
        "model_id",
        "unique",
        duplicate_row("metr_horizons.csv", "gpt_4"),
    ),
    "missing column": Corruption(
        "benchmarks",
        "benchmarks.csv",
        "quote",
        "required column",
        drop_column("benchmarks.csv", "quote"),
    ),
    "extra unknown column": Corruption(
        "benchmarks",
        "benchmarks.csv",
        "comment",
        "known column",
        add_column("benchmarks.csv", "comment"),
    ),
    "unit outside the allowed list": Corruption(
        "internal_metrics",
        "internal_metrics.csv",
        "unit",
        "enum",
        cell("internal_metrics.csv", "api_fixes_count", "unit", "furlongs"),
    ),
    "empty file": Corruption(
        "sources", "sources.csv", "source_id", "header row", empty("sources.csv")
    ),
    "empty quote": Corruption(
        "task_horizons",
        "task_horizons.csv",
        "quote",
        "required",
        cell("task_horizons.csv", "essay_claude_sonnet_3_7", "quote", ""),
    ),
    # and the checks a Table Schema cannot express, plus a few more ways files go wrong
    "blank quote": Corruption(
        "eras", "eras.csv", "quote", "pattern", cell("eras.csv", "chatbots", "quote", "   ")
    ),
    "estimate outside its CI": Corruption(
        "metr_horizons",
        "metr_horizons.csv",
        "p50_ci_high",
        "ordered",
        cell("metr_horizons.csv", "claude_3_7_sonnet_inspect", "p50_ci_high", "50"),
    ),
    "range upside down": Corruption(
        "internal_metrics",
        "internal_metrics.csv",
        "value_high",
        "ordered",
        cell("internal_metrics.csv", "code_speedup_human_hours_to_4x", "value_high", "3"),
    ),
    "date precision contradicts dates": Corruption(
        "timeline",
        "timeline.csv",
        "date_end",
        "date_precision",
        cell("timeline.csv", "claude_opus_4", "date_end", "2025-05-15"),
    ),
    "date_end before date": Corruption(
        "task_horizons",
        "task_horizons.csv",
        "date_end",
        "ordered",
        cell("task_horizons.csv", "essay_claude_opus_4_6", "date_end", "2026-01-01"),
    ),
    "precision not in the list": Corruption(
        "timeline",
        "timeline.csv",
        "date_precision",
        "enum",
        cell("timeline.csv", "anthropic_founded", "date_precision", "decade"),
    ),
    "boolean that is not one": Corruption(
        "metr_horizons",
        "metr_horizons.csv",
        "frontier",
        "type boolean",
        cell("metr_horizons.csv", "gpt2", "frontier", "yes"),
    ),
    "no value at all": Corruption(
        "internal_metrics",
        "internal_metrics.csv",
        "value",
        "one_of_required",
        cell("internal_metrics.csv", "w2s_agents_hours", "value", ""),
    ),
    "number on a qualitative row": Corruption(
        "internal_metrics",
        "internal_metrics.csv",
        "value",
        "qualitative",
        cell("internal_metrics.csv", "code_quality_mid_2026", "value", "1"),
    ),
    "unknown METR model": Corruption(
        "task_horizons",
        "task_horizons.csv",
        "metr_model_id",
        "foreignKey",
        cell("task_horizons.csv", "essay_claude_opus_3", "metr_model_id", "claude_9_opus"),
    ),
    "disagreement about a missing row": Corruption(
        "disagreements",
        "disagreements.csv",
        "left_id",
        "row_reference",
        cell("disagreements.csv", "mythos_metr_upper_limit", "left_id", "no_such_row"),
    ),
    "row with cells missing": Corruption(
        "context",
        "context.csv",
        "unit",
        "cell count",
        truncate_row("context.csv", "alphaevolve", 8),
    ),
    "year that is not a year": Corruption(
        "eras",
        "eras.csv",
        "start_year",
        "type year",
        cell("eras.csv", "chatbots", "start_year", "23"),
    ),
}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return copy_data_dir(tmp_path)


def test_the_copy_is_valid_before_it_is_broken(data_copy):
    assert data.validate_package(data_dir=data_copy) == data.validate_package()


def test_at_least_twelve_kinds_of_corruption():
    assert len(CORRUPTIONS) >= 12


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_corruption_is_refused_with_file_row_and_column(kind, data_copy):
    corruption = CORRUPTIONS[kind]
    line = corruption.break_copy(data_copy)
    with pytest.raises(data.DataError) as raised:
        data.load(corruption.resource, data_dir=data_copy)
    error = raised.value
    assert Path(error.file).name == corruption.file
    assert error.row == line
    assert error.column == corruption.column
    assert corruption.rule in error.rule
    message = str(error)
    for part in (
        corruption.file,
        f"line {line}",
        repr(corruption.column),
        repr(error.value),
        error.rule,
    ):
        assert part in message, f"{part!r} missing from {message!r}"


def test_a_broken_copy_does_not_poison_the_real_data(data_copy):
    CORRUPTIONS["wrong type"].break_copy(data_copy)
    with pytest.raises(data.DataError):
        data.load("metr_horizons", data_dir=data_copy)
    assert len(data.load("metr_horizons")) > 0


def test_an_edited_file_is_revalidated_not_served_from_cache(data_copy):
    assert len(data.load("timeline", data_dir=data_copy)) > 0
    CORRUPTIONS["unparsable date"].break_copy(data_copy)
    with pytest.raises(data.DataError):
        data.load("timeline", data_dir=data_copy)


def test_missing_descriptor_is_a_data_error(tmp_path):
    with pytest.raises(data.DataError) as raised:
        data.load("sources", data_dir=tmp_path)
    assert raised.value.row is None
    assert "datapackage.json" in raised.value.file
