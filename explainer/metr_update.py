"""Keep METR's table current: rewrite `data/metr_horizons.csv` from METR's published results file.

METR publishes its time-horizon results as a YAML file (``benchmark_results_1_1.yaml``; the copy
the book was built from is ``../shared/reference-data/metr_time_horizon_1_1.yaml``): a mapping
``results`` from METR's model key to ``release_date``, ``is_sota``, ``p50_horizon_minutes`` and
``p80_horizon_minutes`` (each ``estimate``, ``ci_low``, ``ci_high``) and, for most models,
``average_score``. `update` reads such a file, writes one CSV row per model, validates the whole
data package with the new table in place, and only then replaces the file in ``data/``.

Display names and developers are not in METR's file. A model already in the table keeps the name
and developer it has there. For a model the table does not know, the update stops and says what
to add: ``--add MODEL_KEY "Display name" "Developer"`` (the developer one of those the schema
allows); once written, the name is kept on every later update.

Rows are sorted by release date, then by METR's key; numbers are written as the YAML gives them
(Python's shortest round-trip form), so reading the reference file reproduces today's CSV byte
for byte.

Run it with ``make update-metr FILE=path/to/benchmark_results.yaml`` or
``python -m explainer.metr_update FILE [--add KEY NAME DEVELOPER ...] [--data-dir DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from explainer import data, trends

RESOURCE = "metr_horizons"
SOURCE_ID = "metr_time_horizon_1_1"
COLUMNS = [
    "model_id",
    "model",
    "developer",
    "release_date",
    "frontier",
    "p50_minutes",
    "p50_ci_low",
    "p50_ci_high",
    "p80_minutes",
    "p80_ci_low",
    "p80_ci_high",
    "average_score",
    "source_id",
]
# The horizon blocks and how their three numbers map to CSV columns.
HORIZONS = {
    "p50_horizon_minutes": ("p50_minutes", "p50_ci_low", "p50_ci_high"),
    "p80_horizon_minutes": ("p80_minutes", "p80_ci_low", "p80_ci_high"),
}


class UpdateError(Exception):
    """METR's file cannot become the table: names the model (or the file) and the field."""

    def __init__(self, model: str | None, field_name: str | None, message: str) -> None:
        self.model = model
        self.field = field_name
        where = []
        if model is not None:
            where.append(f"model {model!r}")
        if field_name is not None:
            where.append(f"field {field_name!r}")
        super().__init__((", ".join(where) + ": " if where else "") + message)


@dataclass
class Summary:
    """What an update changed: model keys added, removed and changed (with the columns that
    changed), and the default-window doubling time before and after, in months."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    doubling_before: float = math.nan
    doubling_after: float = math.nan

    def lines(self) -> list[str]:
        def listed(keys) -> str:
            return ", ".join(keys) if keys else "none"

        changed = (
            "; ".join(f"{key} ({', '.join(cols)})" for key, cols in self.changed.items())
            if self.changed
            else "none"
        )
        return [
            f"Models added: {listed(self.added)}",
            f"Models removed: {listed(self.removed)}",
            f"Models changed: {changed}",
            "Fitted doubling time (frontier models, whole table): "
            f"{self.doubling_before:.2f} months before, {self.doubling_after:.2f} months after",
        ]


# --------------------------------------------------------------------------- reading METR's file


def _number(model: str, name: str, value, *, required: bool) -> str:
    """A YAML number as the CSV writes it ('' when absent and allowed)."""
    if value is None:
        if required:
            raise UpdateError(model, name, "missing; every model needs this number")
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UpdateError(model, name, f"{value!r} is not a number")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise UpdateError(model, name, f"{value!r} is not a finite, non-negative number")
    return repr(number)


def _release_date(model: str, value) -> str:
    text = "" if value is None else str(value)
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise UpdateError(
            model, "release_date", f"{value!r} is not a real date (YYYY-MM-DD)"
        ) from None


class _DatesAsText(yaml.SafeLoader):
    """YAML's safe loader, except that dates stay text: an impossible date such as 2025-02-30
    then reaches `_release_date`, which names its model, instead of failing the whole parse."""


_DatesAsText.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def read_results(yaml_path: Path | str) -> dict[str, dict]:
    """METR's ``results`` mapping, checked to have what a row needs. Raises UpdateError."""
    yaml_path = Path(yaml_path)
    try:
        document = yaml.load(yaml_path.read_text(encoding="utf-8"), Loader=_DatesAsText)
    except FileNotFoundError:
        raise UpdateError(None, None, f"{yaml_path}: no such file") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise UpdateError(None, None, f"{yaml_path} is not valid YAML: {error}") from None
    results = document.get("results") if isinstance(document, dict) else None
    if not isinstance(results, dict) or not results:
        raise UpdateError(None, "results", f"{yaml_path} has no 'results' mapping of models")
    for model, entry in results.items():
        if not isinstance(entry, dict):
            raise UpdateError(str(model), None, "expected a mapping of fields")
    return results


def rows_from_results(results: dict[str, dict], names: dict[str, tuple[str, str]]) -> list[dict]:
    """One CSV row (strings) per model, sorted by release date then key.

    ``names`` maps METR's key to (display name, developer); a key missing from it raises
    UpdateError saying exactly what to add.
    """
    rows = []
    for model, entry in results.items():
        model = str(model)
        if model not in names:
            raise UpdateError(
                model,
                "model, developer",
                "not in data/metr_horizons.csv, so the book has no display name or developer for "
                f'it. Add them: --add {model} "Display name" "Developer" (with make: '
                f'ARGS=\'--add {model} "Display name" "Developer"\')',
            )
        display, developer = names[model]
        if "is_sota" not in entry or not isinstance(entry["is_sota"], bool):
            raise UpdateError(model, "is_sota", f"{entry.get('is_sota')!r}: expected true or false")
        row = {
            "model_id": model,
            "model": display,
            "developer": developer,
            "release_date": _release_date(model, entry.get("release_date")),
            "frontier": "true" if entry["is_sota"] else "false",
            "average_score": _number(
                model, "average_score", entry.get("average_score"), required=False
            ),
            "source_id": SOURCE_ID,
        }
        for block, (estimate_col, low_col, high_col) in HORIZONS.items():
            horizon = entry.get(block)
            if not isinstance(horizon, dict):
                raise UpdateError(model, f"{block}.estimate", "missing; every model needs it")
            row[estimate_col] = _number(
                model, f"{block}.estimate", horizon.get("estimate"), required=True
            )
            row[low_col] = _number(model, f"{block}.ci_low", horizon.get("ci_low"), required=False)
            row[high_col] = _number(
                model, f"{block}.ci_high", horizon.get("ci_high"), required=False
            )
            low, estimate, high = (
                float(row[c]) if row[c] else None for c in (low_col, estimate_col, high_col)
            )
            if low is not None and low > estimate:
                raise UpdateError(model, f"{block}.ci_low", f"{low} is above the estimate")
            if high is not None and high < estimate:
                raise UpdateError(model, f"{block}.ci_high", f"{high} is below the estimate")
        rows.append(row)
    return sorted(rows, key=lambda r: (r["release_date"], r["model_id"]))


def to_csv(rows: list[dict]) -> str:
    """The CSV text, as the data files are written: header, LF line ends, minimal quoting."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# --------------------------------------------------------------------------- the update


def _current_rows(csv_path: Path) -> dict[str, dict]:
    with csv_path.open(encoding="utf-8", newline="") as handle:
        return {row["model_id"]: row for row in csv.DictReader(handle)}


def _doubling_months(data_dir: Path) -> float:
    metr = data.load(RESOURCE, data_dir=data_dir)
    return float(trends.fit_doubling_time(metr, frontier_only=True).months)


def update(
    yaml_path: Path | str,
    *,
    data_dir: Path | str | None = None,
    add: dict[str, tuple[str, str]] | None = None,
) -> Summary:
    """Rewrite the METR table in ``data_dir`` (default: the book's data/) from METR's file.

    Builds the new CSV in a scratch copy of the data directory, validates the whole package
    there, and only then replaces the real file: any error (UpdateError from METR's file, or
    `explainer.data.DataError` from the package) leaves ``data_dir`` untouched.
    """
    directory = Path(data_dir).resolve() if data_dir is not None else data.DATA_DIR
    csv_path = data.path(RESOURCE, data_dir=directory)
    current = _current_rows(csv_path)
    names = {key: (row["model"], row["developer"]) for key, row in current.items()}
    names.update(add or {})
    new_rows = rows_from_results(read_results(yaml_path), names)
    text = to_csv(new_rows)

    summary = Summary(doubling_before=_doubling_months(directory))
    with tempfile.TemporaryDirectory(prefix="metr-update-") as scratch:
        scratch_dir = Path(scratch) / "data"
        shutil.copytree(directory, scratch_dir)
        (scratch_dir / csv_path.name).write_text(text, encoding="utf-8", newline="")
        data.validate_package(data_dir=scratch_dir)
        summary.doubling_after = _doubling_months(scratch_dir)

    new = {row["model_id"]: row for row in new_rows}
    summary.added = [key for key in new if key not in current]
    summary.removed = [key for key in current if key not in new]
    for key in new:
        if key in current:
            columns = [c for c in COLUMNS if new[key][c] != current[key].get(c, "")]
            if columns:
                summary.changed[key] = columns
    if csv_path.read_text(encoding="utf-8") != text:
        csv_path.write_text(text, encoding="utf-8", newline="")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m explainer.metr_update",
        description="Rewrite data/metr_horizons.csv from METR's results YAML.",
    )
    parser.add_argument("file", type=Path, help="METR's benchmark results YAML")
    parser.add_argument(
        "--add",
        nargs=3,
        action="append",
        default=[],
        metavar=("MODEL_KEY", "NAME", "DEVELOPER"),
        help="display name and developer of a model the table does not have yet",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="default: the book's data/")
    args = parser.parse_args(argv)
    try:
        summary = update(
            args.file,
            data_dir=args.data_dir,
            add={key: (name, developer) for key, name, developer in args.add},
        )
    except (UpdateError, data.DataError) as error:
        print(f"METR update stopped, data/ unchanged: {error}", file=sys.stderr)
        return 1
    print("\n".join(summary.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
