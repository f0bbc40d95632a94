"""Load the book's data and refuse bad data loudly.

`data/datapackage.json` is a Frictionless Data Package: one Table Schema per CSV file in `data/`.
This module validates each file against its schema (types, required, minimum/maximum, enum,
pattern, minLength/maxLength, unique, primaryKey, foreignKeys) and against the row checks a Table
Schema cannot express, which the schema lists under `x-checks` (ordered bounds, unit-dependent
ranges, date precision, references between resources). The descriptor is the one source of truth:
no rule is written here a second time.

Anything wrong raises `DataError`, naming the file, the line, the column, the value and the rule.

Dates: every dated table has `date_text` (the source's words), `date` and `date_end` (the start
and end of the period those words denote, parsed to datetime64) and `date_precision` (day, month,
quarter, year, approximate, unknown). "February 2025" is date 2025-02-01, date_end 2025-02-28,
precision "month".

Public API: `load`, `resources`, `schema`, `path`, `describe_package`, `validate_package`,
`package_info` (version, date and history of the package), `disagreements`, `DataError`,
`DATA_DIR`, `SHARED_DIR`.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import io
import itertools
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
# The essay, its write-ups and METR's table live beside the repository, not in it; a checkout
# elsewhere (a second worktree, CI) names their folder in EXPLAINER_SHARED_DIR.
SHARED_DIR = Path(os.environ.get("EXPLAINER_SHARED_DIR") or REPO_ROOT.parent / "shared")
DESCRIPTOR_NAME = "datapackage.json"

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
# Table Schema's defaults for booleans.
_TRUE_VALUES = ["true", "True", "TRUE", "1"]
_FALSE_VALUES = ["false", "False", "FALSE", "0"]


class DataError(Exception):
    """A data file breaks a rule: which file, line (header = line 1), column and value."""

    def __init__(
        self,
        file: str | Path,
        row: int | None,
        column: str | None,
        value: Any,
        rule: str,
        detail: str = "",
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.value = value
        self.rule = rule
        self.detail = detail
        where = f"line {row}" if row is not None else "line: none (whole file)"
        message = (
            f"{self.file}, {where}, column {column!r}: value {value!r} breaks rule: {rule}"
            + (f" ({detail})" if detail else "")
        )
        super().__init__(message)


# --------------------------------------------------------------------------- descriptor


def _data_dir(data_dir: Path | str | None) -> Path:
    return Path(data_dir).resolve() if data_dir is not None else DATA_DIR


def _stamp(directory: Path) -> tuple:
    """Modification times of the descriptor and every CSV: part of each cache key, so an edited
    file is re-read and re-validated instead of served stale."""
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(directory.glob("*"))
        if p.is_file()
    )


@functools.lru_cache(maxsize=64)
def _descriptor_cached(directory: Path, stamp: tuple) -> dict:
    file = directory / DESCRIPTOR_NAME
    if not file.is_file():
        raise DataError(
            file, None, None, None, "descriptor exists", "no datapackage.json in the data directory"
        )
    try:
        descriptor = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise DataError(file, line, None, None, "valid JSON", str(error)) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError(file, None, "resources", None, "descriptor has a resources list")
    return descriptor


def _descriptor(directory: Path) -> dict:
    return _descriptor_cached(directory, _stamp(directory))


def _resource(directory: Path, name: str) -> dict:
    for resource in _descriptor(directory)["resources"]:
        if resource.get("name") == name:
            return resource
    known = ", ".join(r.get("name", "?") for r in _descriptor(directory)["resources"])
    raise DataError(
        directory / DESCRIPTOR_NAME, None, "name", name, "resource exists", f"known: {known}"
    )


def resources(*, data_dir: Path | None = None) -> list[str]:
    """Names of every resource in the data package, in descriptor order."""
    return [r["name"] for r in _descriptor(_data_dir(data_dir))["resources"]]


def schema(name: str, *, data_dir: Path | None = None) -> dict:
    """The Table Schema of one resource (a copy: edit datapackage.json, not this)."""
    return json.loads(json.dumps(_resource(_data_dir(data_dir), name)["schema"]))


def path(name: str, *, data_dir: Path | None = None) -> Path:
    """The CSV file of one resource."""
    directory = _data_dir(data_dir)
    return directory / _resource(directory, name)["path"]


# --------------------------------------------------------------------------- cells


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _parse_cell(text: str, field: dict, file: Path, line: int) -> Any:
    """One non-missing cell to a Python value of the field's type, or DataError."""
    kind = field.get("type", "string")
    name = field["name"]

    def bad(rule: str, detail: str = "") -> DataError:
        return DataError(file, line, name, text, rule, detail)

    if kind == "string":
        return text
    if kind == "number":
        if not _NUMBER.fullmatch(text):
            raise bad("type number", "expected a decimal number such as 12 or 0.5")
        number = float(text)
        if not math.isfinite(number):
            raise bad("type number", "number out of range")
        return number
    if kind == "integer":
        if not _INTEGER.fullmatch(text):
            raise bad("type integer", "expected a whole number")
        return int(text)
    if kind == "year":
        if not _YEAR.fullmatch(text):
            raise bad("type year", "expected a four-digit year")
        return int(text)
    if kind == "boolean":
        if text in field.get("trueValues", _TRUE_VALUES):
            return True
        if text in field.get("falseValues", _FALSE_VALUES):
            return False
        raise bad("type boolean", "expected true or false")
    if kind == "date":
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            raise bad("type date", "expected an ISO date YYYY-MM-DD") from None
    raise DataError(
        file,
        line,
        name,
        kind,
        "supported field type",
        "string, number, integer, year, boolean, date",
    )


def _constraint_value(field: dict, raw: Any) -> Any:
    """A minimum/maximum/enum bound from the descriptor, in the field's Python type."""
    if field.get("type") == "date" and isinstance(raw, str):
        return dt.date.fromisoformat(raw)
    return raw


def _check_constraints(value: Any, text: str, field: dict, file: Path, line: int) -> None:
    constraints = field.get("constraints", {})
    name = field["name"]
    if "enum" in constraints:
        allowed = [_constraint_value(field, v) for v in constraints["enum"]]
        if value not in allowed:
            raise DataError(
                file, line, name, text, "enum", "allowed: " + ", ".join(map(str, allowed))
            )
    if "minimum" in constraints and value < _constraint_value(field, constraints["minimum"]):
        raise DataError(file, line, name, text, f"minimum {constraints['minimum']}")
    if "maximum" in constraints and value > _constraint_value(field, constraints["maximum"]):
        raise DataError(file, line, name, text, f"maximum {constraints['maximum']}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        raise DataError(file, line, name, text, f"pattern {constraints['pattern']}")
    if "minLength" in constraints and len(text) < constraints["minLength"]:
        raise DataError(file, line, name, text, f"minLength {constraints['minLength']}")
    if "maxLength" in constraints and len(text) > constraints["maxLength"]:
        raise DataError(file, line, name, text, f"maxLength {constraints['maxLength']}")


# --------------------------------------------------------------------------- x-checks
# Row checks a Table Schema cannot express. Each takes (check spec, row dict, ...) and raises
# DataError; the schema's `x-checks` list says which apply to which columns.


def _check_ordered(spec: dict, row: dict, file: Path, line: int, **_: Any) -> None:
    present = [(f, row[f]) for f in spec["fields"] if row.get(f) is not None]
    for (low_name, low), (high_name, high) in itertools.pairwise(present):
        if low > high:
            raise DataError(
                file,
                line,
                high_name,
                high,
                f"ordered: {low_name} <= {high_name}",
                f"{low_name} is {low}",
            )


def _check_one_of_required(spec: dict, row: dict, file: Path, line: int, **_: Any) -> None:
    if all(row.get(f) is None for f in spec["fields"]):
        raise DataError(
            file,
            line,
            spec["fields"][0],
            None,
            "one_of_required",
            "give at least one of " + ", ".join(spec["fields"]),
        )


def _check_unit_ranges(spec: dict, row: dict, file: Path, line: int, **_: Any) -> None:
    unit = row.get(spec["unit"])
    low, high = spec["ranges"].get(unit, [None, None])
    for name in spec["fields"]:
        value = row.get(name)
        if value is None:
            continue
        if unit == "qualitative":
            raise DataError(
                file, line, name, value, "unit_ranges: qualitative rows carry no number"
            )
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"[{'' if low is None else low}, {'' if high is None else high}]"
            raise DataError(file, line, name, value, f"unit_ranges: {unit} in {bounds}")


def _period(start: dt.date, precision: str) -> tuple[dt.date, dt.date] | None:
    """The exact period a precise date denotes; None for approximate/unknown precision."""
    if precision == "day":
        return start, start
    if precision == "month":
        return start.replace(day=1), start.replace(
            day=calendar.monthrange(start.year, start.month)[1]
        )
    if precision == "quarter":
        first = 3 * ((start.month - 1) // 3) + 1
        last = first + 2
        return (
            dt.date(start.year, first, 1),
            dt.date(start.year, last, calendar.monthrange(start.year, last)[1]),
        )
    if precision == "year":
        return dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)
    return None


def _check_date_precision(spec: dict, row: dict, file: Path, line: int, **_: Any) -> None:
    start, end, precision = (
        row.get(spec["date"]),
        row.get(spec["date_end"]),
        row.get(spec["precision"]),
    )
    if precision == "unknown":
        for name, value in ((spec["date"], start), (spec["date_end"], end)):
            if value is not None:
                raise DataError(file, line, name, value, "date_precision: unknown means no date")
        return
    if start is None and end is None:
        raise DataError(file, line, spec["date"], None, f"date_precision: {precision} needs a date")
    if start is not None and end is not None and end < start:
        raise DataError(
            file,
            line,
            spec["date_end"],
            end.isoformat(),
            f"ordered: {spec['date']} <= {spec['date_end']}",
        )
    exact = _period(start, precision) if start is not None else None
    if exact is not None and (start, end) != exact:
        column, value, want = (
            (spec["date"], start, exact[0])
            if start != exact[0]
            else (spec["date_end"], end, exact[1])
        )
        shown = value.isoformat() if value is not None else None
        raise DataError(
            file,
            line,
            column,
            shown,
            f"date_precision: a {precision} runs {exact[0]} to {exact[1]}",
            f"expected {want}",
        )


def _check_row_reference(
    spec: dict, row: dict, file: Path, line: int, directory: Path, **_: Any
) -> None:
    target, key_value = row.get(spec["resource"]), row.get(spec["id"])
    if target is None or key_value is None:
        return
    frame = _load_cached(directory, target, _stamp(directory))
    key = _as_list(_resource(directory, target)["schema"]["primaryKey"])[0]
    if key_value not in set(frame[key]):
        raise DataError(file, line, spec["id"], key_value, f"row_reference: {target}.{key} exists")


_X_CHECKS = {
    "ordered": _check_ordered,
    "one_of_required": _check_one_of_required,
    "unit_ranges": _check_unit_ranges,
    "date_precision": _check_date_precision,
    "row_reference": _check_row_reference,
}


# --------------------------------------------------------------------------- loading


def _read_rows(file: Path, fields: list[dict]) -> list[tuple[int, list[str]]]:
    """Raw cells with their line numbers, after checking the header against the schema."""
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataError(
            file, None, None, None, "file exists", "named in datapackage.json"
        ) from None
    except UnicodeDecodeError as error:
        raise DataError(file, None, None, None, "encoding utf-8", str(error)) from None
    names = [f["name"] for f in fields]
    if not text.strip():
        raise DataError(
            file, 1, names[0], "", "header row", "the file is empty; expected: " + ",".join(names)
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader)
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if cells:  # a blank line is not a row
                rows.append((start, cells))
    except csv.Error as error:
        raise DataError(file, reader.line_num, None, None, "CSV syntax", str(error)) from None

    for name in names:
        if name not in header:
            raise DataError(
                file,
                1,
                name,
                None,
                "required column",
                "the schema has this field; the header lacks it",
            )
    for position, name in enumerate(header):
        if name not in names:
            raise DataError(
                file,
                1,
                name or f"#{position + 1}",
                name,
                "known column",
                "not a field of the schema",
            )
        if header.count(name) > 1:
            raise DataError(file, 1, name, name, "unique column", "the header repeats it")
    if header != names:
        wrong = next(h for h, n in zip(header, names, strict=True) if h != n)
        raise DataError(file, 1, wrong, wrong, "column order", "schema order: " + ",".join(names))
    if not rows:
        raise DataError(
            file, 2, names[0], None, "at least one data row", "the file has a header only"
        )
    for line, cells in rows:
        if len(cells) != len(names):
            column = names[len(cells)] if len(cells) < len(names) else f"#{len(cells)}"
            raise DataError(
                file,
                line,
                column,
                cells[-1] if cells else "",
                "cell count",
                f"{len(cells)} cells where the header has {len(names)}",
            )
    return rows


def _dtype(field: dict, values: list[Any]) -> pd.Series:
    kind = field.get("type", "string")
    if kind == "string":
        return pd.Series(values, dtype="string")
    if kind == "number":
        return pd.Series([math.nan if v is None else v for v in values], dtype="float64")
    if kind in ("integer", "year"):
        return pd.Series(values, dtype="Int64")
    if kind == "boolean":
        has_missing = any(v is None for v in values)
        return pd.Series(values, dtype="boolean" if has_missing else "bool")
    if kind == "date":
        # datetime64[ns] whatever unit pandas would infer, so frames from every file compare alike
        dates = pd.Series([pd.NaT if v is None else v for v in values], dtype="object")
        return pd.to_datetime(dates).astype("datetime64[ns]")
    raise AssertionError(kind)  # _parse_cell has already refused other types


@functools.lru_cache(maxsize=256)
def _load_cached(directory: Path, name: str, stamp: tuple) -> pd.DataFrame:
    resource = _resource(directory, name)
    file = directory / resource["path"]
    table_schema = resource.get("schema", {})
    fields: list[dict] = table_schema.get("fields", [])
    missing_values = table_schema.get("missingValues", [""])
    rows = _read_rows(file, fields)

    parsed: list[dict] = []
    unique_seen: dict[str, dict] = {
        f["name"]: {} for f in fields if f.get("constraints", {}).get("unique")
    }
    for line, cells in rows:
        record: dict[str, Any] = {}
        for field, text in zip(fields, cells, strict=True):
            name = field["name"]
            if text in missing_values:
                if field.get("constraints", {}).get("required"):
                    raise DataError(file, line, name, text, "required", "a value is required")
                record[name] = None
                continue
            value = _parse_cell(text, field, file, line)
            _check_constraints(value, text, field, file, line)
            if name in unique_seen:
                if value in unique_seen[name]:
                    raise DataError(
                        file,
                        line,
                        name,
                        text,
                        "unique",
                        f"already on line {unique_seen[name][value]}",
                    )
                unique_seen[name][value] = line
            record[name] = value
        parsed.append(record)

    line_of = [line for line, _ in rows]
    primary_key = _as_list(table_schema.get("primaryKey", []))
    if primary_key:
        seen: dict[tuple, int] = {}
        for line, record in zip(line_of, parsed, strict=True):
            key = tuple(record[k] for k in primary_key)
            for k in primary_key:
                if record[k] is None:
                    raise DataError(file, line, k, None, "primaryKey required")
            if key in seen:
                shown = key[0] if len(key) == 1 else key
                raise DataError(
                    file,
                    line,
                    ",".join(primary_key),
                    shown,
                    "primaryKey unique",
                    f"already on line {seen[key]}",
                )
            seen[key] = line

    for foreign_key in table_schema.get("foreignKeys", []):
        own = _as_list(foreign_key["fields"])
        target = foreign_key["reference"]["resource"] or name
        their = _as_list(foreign_key["reference"]["fields"])
        if target == name:
            known = {tuple(r[f] for f in their) for r in parsed}
        else:
            target_frame = _load_cached(directory, target, stamp)
            known = set(target_frame[their].itertuples(index=False, name=None))
        for line, record in zip(line_of, parsed, strict=True):
            key = tuple(record[f] for f in own)
            if any(v is None for v in key):
                continue  # Table Schema: a foreign key with a missing value is not checked
            if key not in known:
                raise DataError(
                    file,
                    line,
                    ",".join(own),
                    key[0] if len(key) == 1 else key,
                    f"foreignKey {target}.{','.join(their)}",
                    f"no such {target} row",
                )

    for spec in table_schema.get("x-checks", []):
        check = _X_CHECKS.get(spec.get("check"))
        if check is None:
            raise DataError(
                directory / DESCRIPTOR_NAME,
                None,
                "x-checks",
                spec.get("check"),
                "known check",
                "one of " + ", ".join(_X_CHECKS),
            )
        for line, record in zip(line_of, parsed, strict=True):
            check(spec, record, file, line, directory=directory)

    return pd.DataFrame({f["name"]: _dtype(f, [r[f["name"]] for r in parsed]) for f in fields})


def load(name: str, *, data_dir: Path | None = None) -> pd.DataFrame:
    """One resource of the data package as a typed, validated DataFrame (a fresh copy each call).

    Raises DataError naming file, line, column, value and rule for anything that breaks the schema.
    """
    directory = _data_dir(data_dir)
    return _load_cached(directory, name, _stamp(directory)).copy()


def package_info(*, data_dir: Path | None = None) -> dict[str, Any]:
    """The data package's version, its date and its history, from datapackage.json.

    Returns ``{"version": "1.1.0", "created": datetime.date, "history": [{"version", "date",
    "changes"}, ...]}``, history oldest first. The newest history entry must carry the package's
    version and date, so the changelog cannot fall behind the version. DataError otherwise.
    """
    directory = _data_dir(data_dir)
    file = directory / DESCRIPTOR_NAME
    descriptor = _descriptor(directory)
    version = descriptor.get("version")
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise DataError(file, None, "version", version, "version is MAJOR.MINOR.PATCH")
    created_text = descriptor.get("created")
    try:
        created = dt.datetime.fromisoformat(str(created_text).replace("Z", "+00:00")).date()
    except ValueError:
        raise DataError(
            file, None, "created", created_text, "created is an ISO date-time"
        ) from None
    history = descriptor.get("history")
    if not isinstance(history, list) or not history:
        raise DataError(file, None, "history", history, "history lists the package's versions")
    entries = []
    for entry in history:
        try:
            entries.append(
                {
                    "version": str(entry["version"]),
                    "date": dt.date.fromisoformat(entry["date"]),
                    "changes": [str(c) for c in entry["changes"]],
                }
            )
        except (KeyError, TypeError, ValueError):
            raise DataError(
                file, None, "history", entry, "each entry has version, date and changes"
            ) from None
    newest = entries[-1]
    if (newest["version"], newest["date"]) != (version, created):
        raise DataError(
            file,
            None,
            "history",
            newest["version"],
            "the newest history entry is the package's version and date",
            f"package: {version} of {created}",
        )
    return {"version": version, "created": created, "history": entries}


def validate_package(*, data_dir: Path | None = None) -> dict[str, int]:
    """Load every resource (raising DataError on the first problem); return row counts by name."""
    return {name: len(load(name, data_dir=data_dir)) for name in resources(data_dir=data_dir)}


def describe_package(*, data_dir: Path | None = None) -> pd.DataFrame:
    """One row per resource: name, title, file, row count, fields, primary key, sources cited."""
    directory = _data_dir(data_dir)
    rows = []
    for resource in _descriptor(directory)["resources"]:
        frame = load(resource["name"], data_dir=directory)
        cited = sorted(frame["source_id"].dropna().unique()) if "source_id" in frame else []
        rows.append(
            {
                "name": resource["name"],
                "title": resource.get("title", ""),
                "file": resource["path"],
                "rows": len(frame),
                "fields": ", ".join(frame.columns),
                "primary_key": ", ".join(_as_list(resource["schema"].get("primaryKey", []))),
                "sources": ", ".join(cited),
            }
        )
    return pd.DataFrame(rows).astype({"rows": "int64"})


def disagreements(resource: str | None = None, *, data_dir: Path | None = None) -> pd.DataFrame:
    """The recorded disagreements, optionally only those with a side in `resource`."""
    frame = load("disagreements", data_dir=data_dir)
    if resource is not None:
        involved = (frame["left_resource"] == resource) | (frame["right_resource"] == resource)
        frame = frame[involved].reset_index(drop=True)
    return frame
