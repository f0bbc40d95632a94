"""`make update-metr`: METR's results file in, data/metr_horizons.csv out, or a clear refusal.

Each test works on a private copy of data/ and never touches the book's own files.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from explainer import data, metr_update, trends
from tests.data_fixtures import SHARED_AVAILABLE, SHARED_MISSING_REASON, copy_data_dir

REFERENCE = data.SHARED_DIR / "reference-data" / "metr_time_horizon_1_1.yaml"
needs_shared = pytest.mark.skipif(not SHARED_AVAILABLE, reason=SHARED_MISSING_REASON)
pytestmark = needs_shared

# A model METR's table does not have yet, written out by hand as the CSV row it must become.
NEW_KEY = "gpt_9_preview"
NEW_ENTRY = {
    "average_score": 0.81,
    "is_sota": True,
    "p50_horizon_minutes": {"ci_high": 4000.5, "ci_low": 600.25, "estimate": 1500.0},
    "p80_horizon_minutes": {"ci_high": 400.0, "ci_low": 90.0, "estimate": 200.0},
    "release_date": "2026-04-01",
}
NEW_ROW = (
    "gpt_9_preview,GPT-9 Preview,OpenAI,2026-04-01,true,"
    "1500.0,600.25,4000.5,200.0,90.0,400.0,0.81,metr_time_horizon_1_1"
)
CHANGED_KEY = "o3_inspect"  # its p50 estimate changes from 119.732634 to 125.5
REMOVED_KEY = "gpt_4_turbo_inspect"


def reference() -> dict:
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


def write_yaml(folder: Path, document: dict) -> Path:
    file = folder / "benchmark_results.yaml"
    file.write_text(yaml.safe_dump(document, sort_keys=True), encoding="utf-8")
    return file


def fingerprint(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return copy_data_dir(tmp_path)


def test_reference_file_reproduces_todays_csv_byte_for_byte(data_copy):
    before = (data_copy / "metr_horizons.csv").read_bytes()
    summary = metr_update.update(REFERENCE, data_dir=data_copy)
    assert (data_copy / "metr_horizons.csv").read_bytes() == before
    assert (summary.added, summary.removed, summary.changed) == ([], [], {})
    assert summary.doubling_before == summary.doubling_after
    # and the book's own table is what METR's reference file gives
    assert before == data.path("metr_horizons").read_bytes()


def test_added_changed_and_removed_models(tmp_path, data_copy):
    document = reference()
    results = document["results"]
    results[NEW_KEY] = NEW_ENTRY
    results[CHANGED_KEY]["p50_horizon_minutes"]["estimate"] = 125.5
    del results[REMOVED_KEY]
    file = write_yaml(tmp_path, document)

    today = (data_copy / "metr_horizons.csv").read_text(encoding="utf-8").splitlines()
    expected = []
    for line in today:
        key = line.split(",")[0]
        if key == REMOVED_KEY:
            continue
        if key == CHANGED_KEY:
            line = line.replace(",119.732634,", ",125.5,")
        expected.append(line)
    # Sorted by release date: the new model (2026-04-01) comes last.
    expected.append(NEW_ROW)

    summary = metr_update.update(
        file, data_dir=data_copy, add={NEW_KEY: ("GPT-9 Preview", "OpenAI")}
    )
    written = (data_copy / "metr_horizons.csv").read_text(encoding="utf-8")
    assert written == "\n".join(expected) + "\n"
    assert summary.added == [NEW_KEY]
    assert summary.removed == [REMOVED_KEY]
    assert summary.changed == {CHANGED_KEY: ["p50_minutes"]}
    # A frontier model far above the old line shortens the fitted doubling time, and the
    # "after" figure is the fit of the table as written.
    assert summary.doubling_after < summary.doubling_before
    refit = trends.fit_doubling_time(data.load("metr_horizons", data_dir=data_copy))
    assert summary.doubling_after == pytest.approx(refit.months)
    lines = summary.lines()
    assert lines[0] == f"Models added: {NEW_KEY}"
    assert lines[1] == f"Models removed: {REMOVED_KEY}"
    assert lines[2] == f"Models changed: {CHANGED_KEY} (p50_minutes)"
    assert f"{summary.doubling_before:.2f} months before" in lines[3]
    assert f"{summary.doubling_after:.2f} months after" in lines[3]


def test_a_known_model_keeps_its_display_name_and_developer(tmp_path, data_copy):
    """Names come from the table, not from METR's key: 'Claude 3.5 Sonnet (June 2024)'."""
    (data_copy / "metr_horizons.csv").write_text(
        (data_copy / "metr_horizons.csv")
        .read_text(encoding="utf-8")
        .replace("Claude 3.5 Sonnet (June 2024)", "Claude 3.5 Sonnet (Jun 2024)"),
        encoding="utf-8",
    )
    metr_update.update(REFERENCE, data_dir=data_copy)
    table = data.load("metr_horizons", data_dir=data_copy).set_index("model_id")
    renamed = table.loc["claude_3_5_sonnet_20240620_inspect", "model"]
    assert renamed == "Claude 3.5 Sonnet (Jun 2024)"


def _break(document: dict, how: str) -> dict:
    results = document["results"]
    if how == "no p50 estimate":
        del results["o3_inspect"]["p50_horizon_minutes"]["estimate"]
    elif how == "impossible date":
        results["o3_inspect"]["release_date"] = "2025-02-30"
    elif how == "unknown model":
        results[NEW_KEY] = NEW_ENTRY
    elif how == "estimate not a number":
        results["o3_inspect"]["p80_horizon_minutes"]["estimate"] = "about 30"
    elif how == "interval above its estimate":
        results["o3_inspect"]["p50_horizon_minutes"]["ci_low"] = 500.0
    elif how == "developer the schema does not allow":
        results[NEW_KEY] = NEW_ENTRY
    return document


@pytest.mark.parametrize(
    ("how", "model", "field", "add"),
    [
        ("no p50 estimate", "o3_inspect", "p50_horizon_minutes.estimate", None),
        ("impossible date", "o3_inspect", "release_date", None),
        ("unknown model", NEW_KEY, "model, developer", None),
        ("estimate not a number", "o3_inspect", "p80_horizon_minutes.estimate", None),
        ("interval above its estimate", "o3_inspect", "p50_horizon_minutes.ci_low", None),
    ],
)
def test_bad_input_names_model_and_field_and_changes_nothing(
    tmp_path, data_copy, how, model, field, add
):
    file = write_yaml(tmp_path, _break(reference(), how))
    before = fingerprint(data_copy)
    with pytest.raises(metr_update.UpdateError) as caught:
        metr_update.update(file, data_dir=data_copy, add=add)
    assert caught.value.model == model
    assert caught.value.field == field
    assert repr(model) in str(caught.value) and repr(field) in str(caught.value)
    assert fingerprint(data_copy) == before


def test_unknown_model_message_says_what_to_add(tmp_path, data_copy):
    file = write_yaml(tmp_path, _break(reference(), "unknown model"))
    with pytest.raises(metr_update.UpdateError, match=rf"--add {NEW_KEY} \"Display name\""):
        metr_update.update(file, data_dir=data_copy)


def test_package_validation_failure_changes_nothing(tmp_path, data_copy):
    """A row the package refuses (a developer outside the schema's list) stops the update."""
    file = write_yaml(tmp_path, _break(reference(), "developer the schema does not allow"))
    before = fingerprint(data_copy)
    with pytest.raises(data.DataError) as caught:
        metr_update.update(file, data_dir=data_copy, add={NEW_KEY: ("GPT-9", "Nobody Labs")})
    assert caught.value.column == "developer"
    assert fingerprint(data_copy) == before


def test_malformed_yaml_is_refused_and_changes_nothing(tmp_path, data_copy):
    file = tmp_path / "broken.yaml"
    file.write_text("results:\n  o3_inspect: [unclosed\n", encoding="utf-8")
    before = fingerprint(data_copy)
    with pytest.raises(metr_update.UpdateError, match="not valid YAML"):
        metr_update.update(file, data_dir=data_copy)
    no_results = write_yaml(tmp_path, {"benchmark_name": "x"})
    with pytest.raises(metr_update.UpdateError) as caught:
        metr_update.update(no_results, data_dir=data_copy)
    assert caught.value.field == "results"
    assert fingerprint(data_copy) == before


def test_command_line_prints_the_summary_or_the_error(tmp_path, data_copy):
    ok = subprocess.run(
        [sys.executable, "-m", "explainer.metr_update", str(REFERENCE), "--data-dir", data_copy],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Models added: none" in ok.stdout and "months after" in ok.stdout
    bad = write_yaml(tmp_path, _break(reference(), "impossible date"))
    failed = subprocess.run(
        [sys.executable, "-m", "explainer.metr_update", str(bad), "--data-dir", data_copy],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 1
    assert "o3_inspect" in failed.stderr and "release_date" in failed.stderr
