"""Tables the pages show (the appendix's data dictionary, sources, disagreements, fits).

Like `explainer.charts`, one function per table; each returns a pandas `Styler` that renders
as a plain HTML table without the index. Links to data files use the renderer's static
placeholder, which the site resolves to its own `_static/data/` copy.
"""

from __future__ import annotations

import html

import pandas as pd
from pandas.io.formats.style import Styler

from explainer import data, trends
from explainer.render import STATIC_PLACEHOLDER

# Fit windows shown in the appendix: all of METR's table, and the two recent windows the
# essay's "earlier" and "recent" trends suggest.
FIT_WINDOWS = {"All models (2019 on)": None, "2023 on": "2023-01-01", "2024 on": "2024-01-01"}


def _styled(frame: pd.DataFrame, caption: str) -> Styler:
    return (
        frame.style.hide(axis="index")
        .set_caption(caption)
        .set_table_attributes('class="table explainer-table"')
    )


def _file_link(file_name: str) -> str:
    name = html.escape(file_name)
    return f'<a href="{STATIC_PLACEHOLDER}/data/{name}" download>{name}</a>'


def _source_roles(source_ids: str) -> str:
    """'essay, 2 write-ups, METR': who a file's rows come from, in a few words."""
    roles = data.load("sources").set_index("source_id")["role"]
    ids = [s.strip() for s in source_ids.split(",") if s.strip()]
    counts = {role: sum(roles.get(i) == role for i in ids) for role in roles.unique()}
    words = {"primary": "the essay", "reference": "METR's table"}
    parts = [words.get(role, role) for role in ("primary", "reference") if counts.get(role)]
    if counts.get("secondary"):
        n = counts["secondary"]
        parts.append(f"{n} write-up{'s' if n > 1 else ''}")
    return ", ".join(parts) or "(none: cross-references)"


def data_files_table() -> Styler:
    """Every data file: its title, rows, primary key and sources, linked for download."""
    frame = data.describe_package()
    table = pd.DataFrame(
        {
            "File": frame["file"].map(_file_link),
            "What it holds": frame["title"],
            "Rows": frame["rows"],
            "Key": frame["primary_key"],
            "Sources": frame["sources"].map(_source_roles),
        }
    )
    return _styled(table, "The data files (Frictionless Data Package: data/datapackage.json)")


def _constraints(field: dict) -> str:
    rules = []
    for rule, value in (field.get("constraints") or {}).items():
        if rule == "enum":
            rules.append("one of: " + ", ".join(map(str, value)))
        elif rule in ("required", "unique") and value:
            rules.append(rule)
        elif rule != "pattern":
            rules.append(f"{rule} {value}")
    return "; ".join(rules)


def fields_table(name: str) -> Styler:
    """The Table Schema of one data file: each field's type, rules and meaning."""
    fields = data.schema(name)["fields"]
    table = pd.DataFrame(
        {
            "Field": [f["name"] for f in fields],
            "Type": [f["type"] for f in fields],
            "Rules": [_constraints(f) for f in fields],
            "Meaning": [f.get("description", "") for f in fields],
        }
    )
    return _styled(table, f"Fields of {data.path(name).name}")


def sources_table() -> Styler:
    """The sources: the essay (primary), its write-ups (secondary) and METR's table."""
    frame = data.load("sources")
    table = pd.DataFrame(
        {
            "Source": frame["source_id"],
            "Role": frame["role"],
            "Title": frame["title"],
            "By": frame["author"].fillna(frame["publisher"]).fillna(""),
            "Date": frame["date_text"],
        }
    )
    return _styled(table, "Sources (data/sources.csv)")


def disagreements_table() -> Styler:
    """Every recorded disagreement between two sources, in the data's own words."""
    frame = data.disagreements()
    table = pd.DataFrame(
        {
            "Topic": frame["topic"].str.replace("_", " "),
            "Kind": frame["kind"],
            "What differs": frame["summary"],
        }
    )
    return _styled(table, "Where the sources disagree (data/disagreements.csv)")


def fits_table() -> Styler:
    """Doubling times fitted to METR's table over three windows, frontier models and all."""
    metr = data.load("metr_horizons")
    rows = []
    for label, since in FIT_WINDOWS.items():
        for frontier_only in (True, False):
            fit = trends.fit_doubling_time(metr, since=since, frontier_only=frontier_only)
            rows.append(
                {
                    "Window": label,
                    "Models": "frontier at release" if frontier_only else "all",
                    "n": fit.n,
                    "Doubling time (months)": f"{fit.months:.1f}",
                    "95% interval (months)": f"{fit.ci_low_months:.1f} to {fit.ci_high_months:.1f}",
                    "R²": f"{fit.r2:.2f}",
                }
            )
    return _styled(pd.DataFrame(rows), "Doubling time of METR's 50% time horizon, fitted")
