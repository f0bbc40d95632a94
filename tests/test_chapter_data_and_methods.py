"""The data-and-methods appendix: its tables list every file and source, its numbers are right."""

from __future__ import annotations

import csv
import html
import json
import re

import numpy as np
import pandas as pd
import pytest

from explainer import data, tables
from tests.notebooks import glued, run_page

DATA = data.DATA_DIR


@pytest.fixture(scope="module")
def values() -> dict[str, str]:
    return glued(run_page("chapters/data-and-methods.md"))


def test_glued_numbers(values):
    descriptor = json.loads((DATA / "datapackage.json").read_text())
    assert int(values["data_files"]) == len(descriptor["resources"])
    with (DATA / "disagreements.csv").open() as f:
        assert int(values["disagreements"]) == sum(1 for _ in csv.DictReader(f))
    assert float(values["work_day_hours"]) == 8
    assert float(values["work_week_hours"]) == 40
    assert float(values["work_month_hours"]) == 167
    assert float(values["work_year_hours"]) == 2000
    assert float(values["days_per_month"]) == pytest.approx(365.25 / 12)
    assert int(values["bootstrap_reps"]) == 1000


def test_data_files_table_lists_and_links_every_csv():
    markup = tables.data_files_table().to_html()
    for csv_file in DATA.glob("*.csv"):
        assert f'/data/{csv_file.name}" download>{csv_file.name}</a>' in markup


def test_every_field_of_every_file_is_described():
    for name in data.resources():
        markup = tables.fields_table(name).to_html()
        header = (DATA / data.path(name).name).read_text().splitlines()[0].split(",")
        for column in header:
            assert f">{column}<" in markup, (name, column)


def test_sources_and_disagreements_tables_hold_every_row():
    sources = tables.sources_table().to_html()
    # Readers see each source under the short name its tooltips use, not its id.
    for short_name in pd.read_csv(DATA / "sources.csv")["short_name"]:
        assert html.escape(short_name) in sources
    rows = re.findall(r"<tr>", tables.disagreements_table().to_html())
    assert len(rows) - 1 == len(pd.read_csv(DATA / "disagreements.csv"))


def test_fits_table_matches_an_independent_fit():
    markup = tables.fits_table().to_html()
    metr = pd.read_csv(DATA / "metr_horizons.csv", parse_dates=["release_date"])
    for since in (None, "2023-01-01", "2024-01-01"):
        for frontier_only in (True, False):
            rows = metr if since is None else metr[metr["release_date"] >= since]
            rows = rows[rows["frontier"]] if frontier_only else rows
            days = (rows["release_date"] - pd.Timestamp("2019-01-01")).dt.days.to_numpy(float)
            slope = np.polyfit(days, np.log2(rows["p50_minutes"].to_numpy()), 1)[0]
            assert f">{1 / slope / (365.25 / 12):.1f}<" in markup


def test_tables_escape_text_from_the_data(monkeypatch):
    hostile = pd.DataFrame({"Text": ["<script>alert(1)</script> & 'quotes'"]})
    markup = tables._styled(hostile, "caption").to_html()
    assert "<script>alert(1)" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;quotes&#x27;" in markup
    # Markup the table builds itself is kept where it says so.
    links = pd.DataFrame({"File": ['<a href="x.csv">x.csv</a>']})
    assert '<a href="x.csv">' in tables._styled(links, "c", html_columns=("File",)).to_html()
