"""Tables the pages show: the data dictionary, sources, disagreements, fits, scenarios, pause.

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


def _styled(frame: pd.DataFrame, caption: str, html_columns: tuple[str, ...] = ()) -> Styler:
    """A table without the index. Text from the data is escaped, except in `html_columns`,
    which the table builds as markup itself (links, line breaks)."""
    frame = frame.copy()
    for column in frame.columns:
        text = frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])
        if column not in html_columns and text:
            frame[column] = frame[column].map(lambda v: html.escape(v) if isinstance(v, str) else v)
    # tabindex: on a phone a wide table scrolls sideways, and a keyboard must reach it too.
    return (
        frame.style.hide(axis="index")
        .set_caption(caption)
        .set_table_attributes('class="table explainer-table" tabindex="0"')
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
    return _styled(
        table,
        "The data files (Frictionless Data Package: data/datapackage.json)",
        html_columns=("File",),
    )


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


_ROLE_WORDS = {
    "primary": "the essay itself",
    "secondary": "a news write-up of the essay",
    "reference": "public data behind the essay's benchmark",
}


def _source_date(row) -> str:
    """A source's date as a reader says it, and how sure it is: the source's own words where it
    dates itself, else the book's reading, said to be one."""
    if pd.isna(row.date):
        return "not stated"
    if row.date_precision == "day":
        words = f"{row.date.day} {row.date:%B %Y}"
    else:
        words = f"{row.date:%B %Y}"
    if row.role == "reference":
        return f"copy dated {words}"
    if row.date_text == "not stated":
        return f"{words} (the book's reading; the source states no date)"
    return words


def sources_frame() -> pd.DataFrame:
    """The sources for readers: the short name the charts' tooltips and source lines use, the
    title (linked where a source gives the address), who wrote and published it, its date, and
    what it is to the book."""
    frame = data.load("sources")
    titles = []
    for row in frame.itertuples():
        title = html.escape(row.title)
        if pd.notna(row.url):
            title = f'<a href="{html.escape(row.url)}">{title}</a>'
        titles.append(title)
    by = []
    for row in frame.itertuples():
        people = [v for v in (row.author, row.publisher) if pd.notna(v) and v]
        by.append("; ".join(dict.fromkeys(people)) or "not stated")
    return pd.DataFrame(
        {
            "Source (as tooltips name it)": frame["short_name"],
            "Title": titles,
            "By": by,
            "Date": [_source_date(row) for row in frame.itertuples()],
            "What it is": frame["role"].map(_ROLE_WORDS),
        }
    )


def sources_table() -> Styler:
    """`sources_frame` in two columns, so it reads on a phone: the short name tooltips use, with
    what the source is under it; and the title (a link where the source gives one), with who
    wrote it and when under it."""
    frame = sources_frame()
    esc = html.escape
    source = [
        f"{esc(name)}<br><small>{esc(what)}</small>"
        for name, what in zip(
            frame["Source (as tooltips name it)"], frame["What it is"], strict=True
        )
    ]
    details = [
        f"{title}<br><small>{esc(by)}; {esc(date)}</small>"
        for title, by, date in zip(frame["Title"], frame["By"], frame["Date"], strict=True)
    ]
    table = pd.DataFrame(
        {"Source (as tooltips name it)": source, "Title, authors and date": details}
    )
    return _styled(
        table,
        "Sources (data/sources.csv)",
        html_columns=("Source (as tooltips name it)", "Title, authors and date"),
    )


def employee_quotes_markdown():
    """The employees the essay quotes, in its order, as block quotes under the part of the essay
    each stands beside (Markdown, so a page shows them as prose, not as a table)."""
    from IPython.display import Markdown  # a page-only need; the rest of the module has none

    quotes = data.load("employee_quotes").sort_values("order")
    blocks = []
    for row in quotes.itertuples():
        blocks.append(
            f"**{row.theme}**\n\n> {row.quote}\n>\n> — {row.speaker}, quoted in the essay"
        )
    return Markdown("\n\n".join(blocks))


def _source_of(resource: str, key: str) -> str:
    """The short name of the source behind one row of a data file."""
    table = data.load(resource).set_index(data.schema(resource)["primaryKey"])
    short = data.load("sources").set_index("source_id")["short_name"]
    return str(short.get(table.loc[key, "source_id"], table.loc[key, "source_id"]))


def disagreements_frame(resource: str | None = None, ids: list[str] | None = None) -> pd.DataFrame:
    """The recorded disagreements (all, those with a side in `resource`, or the `ids` given, in
    that order): Figure, Kind (value, date, baseline, framing), Between (the two sources) and
    'Where they differ' (the data's one-sentence summary)."""
    frame = data.disagreements(resource)
    if ids is not None:
        frame = frame.set_index("disagreement_id").loc[ids].reset_index()
    between = []
    for row in frame.itertuples():
        left = _source_of(row.left_resource, row.left_id)
        right = _source_of(row.right_resource, row.right_id)
        between.append(f"{left} / {right}" if left != right else f"{left}, twice")
    return pd.DataFrame(
        {
            "Figure": frame["topic"].str.replace("_", " ").str.capitalize(),
            "Kind": frame["kind"],
            "Between": between,
            "Where they differ": frame["summary"],
        }
    )


def disagreements_table(
    resource: str | None = None,
    ids: list[str] | None = None,
    caption: str = "Where the sources disagree (data/disagreements.csv)",
) -> Styler:
    """`disagreements_frame` in two columns, so it reads on a phone: the figure, with the kind
    of difference and the two sources under it; and what differs."""
    frame = disagreements_frame(resource, ids)
    figure = [
        f"{html.escape(f)}<br><small>{html.escape(k)}: {html.escape(b)}</small>"
        for f, k, b in zip(frame["Figure"], frame["Kind"], frame["Between"], strict=True)
    ]
    table = pd.DataFrame({"Figure": figure, "Where they differ": frame["Where they differ"]})
    return _styled(table, caption, html_columns=("Figure",))


def scenarios_table() -> Styler:
    """The essay's three scenarios: what happens, the constraints it names, its assessment."""
    scenarios = data.load("scenarios").sort_values("order")
    constraints = data.load("scenario_constraints")
    named = constraints.groupby("scenario_id")["constraint"].agg(lambda c: "; ".join(c))
    frame = pd.DataFrame(
        {
            "Scenario": scenarios["name"],
            "What happens (the essay's words)": scenarios["quote"],
            "Constraints the essay names": scenarios["scenario_id"].map(named).fillna(""),
            # "More worried about the next two" belongs to the second and third futures both.
            "The essay's assessment": [
                quote if pd.isna(worry) else f"{quote} {worry}"
                for quote, worry in zip(
                    scenarios["assessment_quote"], scenarios["worry_quote"], strict=True
                )
            ],
        }
    )
    return _styled(
        frame, "The essay's three futures (data/scenarios.csv, scenario_constraints.csv)"
    )


def pause_table() -> Styler:
    """What a verifiable pause would require, in the essay's order and words."""
    rows = data.load("pause_conditions").sort_values("order")
    # Every column is named: a numbered column without a header leaves its cells unlabelled
    # for a screen reader (axe: td-has-header), and on a phone each cell shows its column name.
    frame = pd.DataFrame({"No.": range(1, len(rows) + 1), "Condition": rows["condition"]})
    frame["In the essay's words"] = rows["quote"].to_numpy()
    return _styled(
        frame, "What a credible, verifiable pause would take (data/pause_conditions.csv)"
    )


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


def changelog_markdown():
    """The data package's history, newest first, from datapackage.json's history entries."""
    from IPython.display import Markdown  # a page-only need; the rest of the module has none

    info = data.package_info()
    blocks = []
    for entry in reversed(info["history"]):
        when = f"{entry['date'].day} {entry['date']:%B %Y}"
        changes = "\n".join(f"- {change}" for change in entry["changes"])
        blocks.append(f"**Version {entry['version']}**, {when}\n\n{changes}")
    return Markdown("\n\n".join(blocks))
