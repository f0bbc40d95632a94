"""The data package's version and date, its history, and the changelog generated from it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from explainer import data, tables
from tests.data_fixtures import copy_data_dir


def test_package_info_reads_version_date_and_history():
    descriptor = json.loads((data.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    info = data.package_info()
    assert info["version"] == descriptor["version"]
    assert info["created"] == dt.date.fromisoformat(descriptor["created"][:10])
    assert [e["version"] for e in info["history"]] == [e["version"] for e in descriptor["history"]]
    assert info["history"][-1]["version"] == info["version"]
    assert all(entry["changes"] for entry in info["history"])
    dates = [entry["date"] for entry in info["history"]]
    assert dates == sorted(dates)  # oldest first


def test_the_changelog_lists_every_version_newest_first():
    info = data.package_info()
    text = tables.changelog_markdown().data
    positions = [text.index(f"**Version {e['version']}**") for e in info["history"]]
    assert positions == sorted(positions, reverse=True)
    for entry in info["history"]:
        for change in entry["changes"]:
            assert f"- {change}" in text


def _rewrite(directory, **changes) -> None:
    file = directory / "datapackage.json"
    descriptor = json.loads(file.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            descriptor.pop(key)
        else:
            descriptor[key] = value
    file.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"version": None}, "version"),
        ({"version": "one"}, "version"),
        ({"created": "yesterday"}, "created"),
        ({"history": []}, "history"),
        ({"version": "9.9.9"}, "history"),  # the changelog has fallen behind the version
    ],
    ids=["no version", "bad version", "bad date", "no history", "history behind"],
)
def test_a_broken_version_is_refused_by_name(tmp_path, changes, column):
    directory = copy_data_dir(tmp_path)
    _rewrite(directory, **changes)
    with pytest.raises(data.DataError) as caught:
        data.package_info(data_dir=directory)
    assert caught.value.column == column
