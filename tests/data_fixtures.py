"""Helpers for the data tests: source texts, whitespace folding, temporary copies of data/.

Plain functions, not conftest fixtures, so they cannot clash with other suites' fixtures; a test
module wraps them in fixtures of its own where it needs one.
"""

from __future__ import annotations

import csv
import functools
import re
import shutil
from pathlib import Path

from explainer import data

SHARED_AVAILABLE = data.SHARED_DIR.is_dir()
SHARED_MISSING_REASON = (
    f"{data.SHARED_DIR} is absent (a checkout without the shared sources): quotes and METR numbers "
    "can only be checked against the source texts there"
)


def fold_whitespace(text: str) -> str:
    """Every run of whitespace as one space: the quotes are verbatim up to line breaks."""
    return re.sub(r"\s+", " ", text).strip()


@functools.cache
def source_texts(source_id: str) -> tuple[str, ...]:
    """The folded text of every copy of a source listed in sources.csv (its `files`)."""
    sources = data.load("sources").set_index("source_id")
    files = str(sources.loc[source_id, "files"]).split(";")
    return tuple(fold_whitespace((data.SHARED_DIR / f).read_text(encoding="utf-8")) for f in files)


def copy_data_dir(destination: Path) -> Path:
    """A private copy of data/ (descriptor and CSVs) that a test may break at will."""
    target = destination / "data"
    shutil.copytree(data.DATA_DIR, target)
    return target


def read_table(file: Path) -> list[list[str]]:
    with file.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_table(file: Path, table: list[list[str]]) -> None:
    with file.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


def set_cell(file: Path, key: str, column: str, value: str) -> int:
    """Overwrite one cell of the row whose first column is `key`; return that row's line number."""
    table = read_table(file)
    header = table[0]
    for index, row in enumerate(table[1:], start=2):  # the header is line 1
        if row[0] == key:
            row[header.index(column)] = value
            write_table(file, table)
            return index
    raise LookupError(f"{key} not in {file}")
