"""The data table under every chart: the keyboard's and screen reader's path to its values.

- the HTML: a closed `<details>` named after the chart, a `<table>` with a caption, column
  headers (`scope="col"`) and row headers (`scope="row"`), kept out of the chart's JSON;
- its values equal the data: each table is read back from the built page and checked against
  the CSV files, parsed here (months, horizons and sources read from the text, not recomputed
  by the chart code);
- in a browser: Tab reaches the table's summary straight after the chart's tools, Enter and
  Space open and close it, and at phone width a wide table scrolls inside its frame with its
  first column kept in view.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ESSAY = "essay_when_ai_builds_itself"


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv")


def _source_names() -> dict[str, str]:
    return _csv("sources").set_index("source_id")["short_name"].to_dict()


# --- Reading a table's text back into values ------------------------------------------------

_UNITS_IN_MINUTES = {"s": 1 / 60, "min": 1.0, "h": 60.0}
# A space or a no-break space between the number and its unit.
_HORIZON = re.compile(r"^(?P<number>[\d,]+(?:\.(?P<decimals>\d+))?)\s(?P<unit>s|min|h)$")


def horizon_matches(text: str, minutes: float) -> bool:
    """Whether a cell such as '2 s', '4.0 min' or '12 h' states ``minutes`` to its precision
    (half a unit of its last digit)."""
    match = _HORIZON.match(text.strip())
    assert match, f"not a horizon: {text!r}"
    scale = _UNITS_IN_MINUTES[match["unit"]]
    shown = float(match["number"].replace(",", "")) * scale
    half_step = 0.5 * 10 ** -len(match["decimals"] or "") * scale
    return abs(shown - minutes) <= half_step * 1.0001


def month_matches(text: str, date: str | pd.Timestamp) -> bool:
    """Whether a cell such as 'Feb 2026' names the month of ``date``."""
    shown = datetime.strptime(text.strip(), "%b %Y")
    when = pd.Timestamp(date)
    return (shown.year, shown.month) == (when.year, when.month)


def test_the_readers_match_what_they_read():
    # The readers themselves can fail: a wrong value, unit or month is caught.
    assert horizon_matches("2 s", 0.039762)
    assert not horizon_matches("3 s", 0.039762)
    assert horizon_matches("4.0 min", 4.04) and not horizon_matches("4.0 min", 4.06)
    assert horizon_matches("12 h", 12.4 * 60) and not horizon_matches("12 h", 12.6 * 60)
    assert not horizon_matches("12 min", 12 * 60)
    assert horizon_matches("12\u00a0h", 12 * 60)
    assert month_matches("Feb 2026", "2026-02-28") and not month_matches("Feb 2026", "2026-03-01")


# --- The built pages' tables -----------------------------------------------------------------


def page_tables(site: Path, page: str) -> dict[str, dict]:
    """The data tables on a built page, by their chart's title: header and rows of cells."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    tables = {}
    for details in soup.select("details.explainer-chart-table"):
        title = details.summary.get_text(strip=True).removeprefix("Table: ")
        table = details.table
        tables[title] = {
            "details": details,
            "table": table,
            "columns": [th.get_text(strip=True) for th in table.thead.find_all("th")],
            "rows": [
                [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
                for tr in table.tbody.find_all("tr")
            ],
        }
    return tables


def records(table: dict) -> list[dict[str, str]]:
    return [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]


def only(tables: dict[str, dict], words: str) -> dict:
    found = [t for title, t in tables.items() if words in title]
    assert len(found) == 1, f"one table whose chart's title holds {words!r}: {list(tables)}"
    return found[0]


PAGES_WITH_CHARTS = {
    "intro.html": 1,
    "chapters/timeline.html": 1,
    "chapters/benchmarks.html": 3,
    "chapters/internal-metrics.html": 5,
    "chapters/scenarios.html": 3,
}


@pytest.mark.parametrize("page", sorted(PAGES_WITH_CHARTS))
def test_every_chart_has_a_static_table_with_headers(built_site, page):
    soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
    charts = soup.select("div.explainer-chart")
    assert len(charts) == PAGES_WITH_CHARTS[page]
    for chart in charts:
        details = soup.select_one(f'details.explainer-chart-table[data-for="{chart["id"]}"]')
        assert details is not None, f"{page}: chart {chart['id']} has no table"
        assert not details.has_attr("open"), "closed until the reader opens it"
        title = soup.select_one(
            f'.explainer-chart-frame[data-for="{chart["id"]}"] .explainer-chart-title'
        )
        assert details.summary.get_text(strip=True) == f"Table: {title.get_text(strip=True)}"
        table = details.table
        assert table.caption and table.caption.get_text(strip=True)
        assert all(th["scope"] == "col" for th in table.thead.find_all("th"))
        rows = table.tbody.find_all("tr")
        assert rows and len(rows) == int(details["data-points"])
        for tr in rows:
            assert tr.th is not None and tr.th["scope"] == "row"
            assert len(tr.find_all(["th", "td"])) == len(table.thead.find_all("th"))
        # The table is HTML only: the chart's JSON (drawn and exported) does not carry it.
        spec = soup.select_one(f'script.explainer-chart-spec[data-for="{chart["id"]}"]')
        meta = json.loads(spec.string)["usermeta"]["explainer"]
        assert "table" not in meta and meta.get("title") == title.get_text(strip=True)


def _check_metr_row(row: dict[str, str], metr: pd.DataFrame, sources: dict[str, str]) -> None:
    csv = metr.loc[row["Model"]]
    assert month_matches(row["Released"], csv["release_date"]), row
    assert horizon_matches(row["50% time horizon"], csv["p50_minutes"]), row
    low, high = row["95% interval"].split(" to ")
    assert horizon_matches(low, csv["p50_ci_low"]) and horizon_matches(high, csv["p50_ci_high"])
    assert row["Frontier at release"] == ("yes" if csv["frontier"] else "no"), row
    assert row["Source"] == sources[csv["source_id"]], row


def test_the_landing_table_lists_every_metr_model_as_the_csv_gives_it(built_site):
    metr = _csv("metr_horizons").set_index("model")
    table = only(page_tables(built_site, "intro.html"), "length of task")
    rows = records(table)
    assert sorted(r["Model"] for r in rows) == sorted(metr.index)
    sources = _source_names()
    for row in rows:
        _check_metr_row(row, metr, sources)


def test_the_scenario_table_lists_the_models_drawn_since_its_first(built_site):
    metr = _csv("metr_horizons").set_index("model")
    table = only(page_tables(built_site, "chapters/scenarios.html"), "Three futures")
    rows = records(table)
    sources = _source_names()
    for row in rows:
        _check_metr_row(row, metr, sources)
    # Every model released since the first one listed is listed.
    first = min(pd.Timestamp(metr.loc[r["Model"], "release_date"]) for r in rows)
    since = metr.index[pd.to_datetime(metr["release_date"]) >= first]
    assert sorted(r["Model"] for r in rows) == sorted(since)
    note = table["details"].select_one(".explainer-chart-table-note")
    assert note is not None and "browser" in note.get_text(), "says where the live values are"


def test_the_fit_table_lists_metr_and_the_essays_figures(built_site):
    metr = _csv("metr_horizons").set_index("model")
    horizons = _csv("task_horizons")
    essay = horizons[horizons["source_id"] == ESSAY]
    table = only(page_tables(built_site, "chapters/benchmarks.html"), "fitted trend")
    rows = records(table)
    assert len(rows) == len(metr) + len(essay)
    by_model = {}
    for row in rows:
        by_model.setdefault(row["Model"], []).append(row)
    for model, csv in metr.iterrows():
        (row,) = [r for r in by_model[model] if r["Source"] == "METR Time Horizon 1.1"]
        assert month_matches(row["Released or dated"], csv["release_date"])
        assert horizon_matches(row["50% time horizon"], csv["p50_minutes"])
    for _, csv in essay.iterrows():
        (row,) = [r for r in by_model[csv["model"]] if r["Source"] != "METR Time Horizon 1.1"]
        value = row["50% time horizon"]
        if pd.notna(csv["minutes"]):
            shown = value.split(" (")[0]
            assert horizon_matches(shown, csv["minutes"]), row
            assert csv["value_as_stated"] in value, row
        else:  # a lower bound: 'at least 16 h'
            assert value.startswith("at least ")
            assert horizon_matches(value.removeprefix("at least "), csv["minutes_low"]), row
        if pd.notna(csv["date"]):
            assert month_matches(row["Released or dated"], csv["date"]), row


def test_the_timeline_table_lists_every_era_and_dated_event(built_site):
    eras, events = _csv("eras"), _csv("timeline").dropna(subset=["date"])
    table = only(page_tables(built_site, "chapters/timeline.html"), "eras")
    rows = records(table)
    listed = {(r["What"], r["Kind"]): r for r in rows}
    for _, era in eras.iterrows():
        assert listed[era["title"], "Era"]["When (as the source states it)"] == era["period_label"]
    for _, event in events.iterrows():
        when = listed[event["event"], "Milestone"]["When (as the source states it)"]
        assert event["date_text"] in when
    assert sum(r["Kind"] == "Milestone" for r in rows) == len(events)


@pytest.mark.parametrize(
    "words", ["code merged into", "Lines of code", "human-written code", "faster"]
)
def test_internal_metric_tables_state_the_csv_rows(built_site, words):
    metrics = _csv("internal_metrics")
    sources = _source_names()
    tables = page_tables(built_site, "chapters/internal-metrics.html")
    found = [t for title, t in tables.items() if words.lower() in title.lower()]
    assert len(found) == 1, list(tables)
    rows = records(found[0])
    assert rows
    for row in rows:
        same = metrics[
            (metrics["metric"] + " (" + metrics["subject"] + ")" == row["What"])
            & (metrics["date_text"] == row["When"])
        ]
        assert len(same) >= 1, row
        assert row["Source"] in {sources[s] for s in same["source_id"]}, row


def test_the_backtest_table_states_metr_models(built_site):
    metr = _csv("metr_horizons").set_index("model")
    rows = records(only(page_tables(built_site, "chapters/scenarios.html"), "Backtest"))
    assert {r["Role"] for r in rows} == {"Used for the fit", "Released later"}
    for row in rows:
        csv = metr.loc[row["Model"]]
        assert month_matches(row["Released"], csv["release_date"]), row
        assert horizon_matches(row["50% time horizon"], csv["p50_minutes"]), row
        forecast = pd.Timestamp(datetime.strptime(row["Forecast made in"], "%B %Y"))
        released = pd.Timestamp(csv["release_date"])
        assert (released < forecast) == (row["Role"] == "Used for the fit"), row


# --- In a browser: the keyboard reaches it, Enter and Space open it ---------------------------

KEY = """
() => {
  const el = document.activeElement;
  const details = el && el.closest('details.explainer-chart-table');
  return {tag: el ? el.tagName : null, inTable: !!details, open: details ? details.open : null,
          cls: el ? el.className : null};
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("page_path", sorted(PAGES_WITH_CHARTS))
def test_tab_reaches_each_table_and_enter_and_space_open_it(watch, page_path):
    pw = watch(1280)
    pw.open(page_path)
    page = pw.page
    ids = page.evaluate(
        "() => Array.from(document.querySelectorAll('.explainer-chart')).map(e => e.id)"
    )
    for chart_id in ids:
        # The chart's last tool (its download button); the next Tab is its table.
        page.locator(f'.explainer-chart-meta[data-for="{chart_id}"] button').last.focus()
        page.keyboard.press("Tab")
        state = page.evaluate(KEY)
        assert state["tag"] == "SUMMARY" and state["inTable"], (chart_id, state)
        assert state["open"] is False
        page.keyboard.press("Enter")
        assert page.evaluate(KEY)["open"] is True
        page.keyboard.press("Space")
        assert page.evaluate(KEY)["open"] is False
        page.keyboard.press("Space")
        assert page.evaluate(KEY)["open"] is True
        rows = page.locator(f'details[data-for="{chart_id}"] tbody tr')
        assert rows.first.is_visible()
        # Then Tab goes into the table's frame (which a keyboard can scroll).
        page.keyboard.press("Tab")
        assert "explainer-chart-table-scroll" in page.evaluate(KEY)["cls"]


OPEN_TABLES_ON_A_PHONE = """
() => {
  const problems = [];
  document.querySelectorAll('details.explainer-chart-table').forEach((d) => { d.open = true; });
  for (const tr of document.querySelectorAll('details.explainer-chart-table tbody tr')) {
    const key = tr.querySelector('th').getBoundingClientRect();
    for (const cell of tr.querySelectorAll('th, td')) {
      const box = cell.getBoundingClientRect();
      if (box.left < -1 || box.right > window.innerWidth + 1) {
        problems.push(`off-screen: ${cell.textContent.slice(0, 40)}`);
      }
      if (cell.tagName === 'TD' && box.top < key.bottom - 1) {
        problems.push(`beside its row's name, not under it: ${cell.textContent.slice(0, 40)}`);
      }
    }
  }
  const page = document.scrollingElement.scrollWidth - window.innerWidth;
  if (page > 0) problems.push(`the page scrolls sideways by ${page} px`);
  return problems;
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("page_path", sorted(PAGES_WITH_CHARTS))
def test_open_tables_read_as_cards_on_a_phone(watch, page_path):
    pw = watch(390)
    pw.open(page_path)
    assert pw.page.evaluate(OPEN_TABLES_ON_A_PHONE) == []
    # Each value is labelled with its column's name.
    label = pw.page.evaluate(
        "() => getComputedStyle(document.querySelector("
        "'.explainer-chart-table td[data-label]'), '::before').content"
    )
    assert label.strip('"') == pw.page.evaluate(
        "() => document.querySelector('.explainer-chart-table td[data-label]').dataset.label"
    )


WIDE_TABLES = """
() => {
  const problems = [];
  document.querySelectorAll('details.explainer-chart-table').forEach((d) => { d.open = true; });
  for (const frame of document.querySelectorAll('.explainer-chart-table-scroll')) {
    if (frame.scrollWidth <= frame.clientWidth + 1) continue;  // it fits
    frame.scrollLeft = frame.scrollWidth;
    const left = frame.getBoundingClientRect().left;
    for (const key of frame.querySelectorAll('tbody th')) {
      if (key.getBoundingClientRect().left < left - 0.5) {
        problems.push(`scrolled away: ${key.textContent.slice(0, 40)}`);
      }
    }
  }
  return problems;
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [620, 1280])
@pytest.mark.parametrize("page_path", sorted(PAGES_WITH_CHARTS))
def test_a_table_wider_than_its_frame_keeps_its_key_column_in_view(watch, page_path, width):
    # Above a phone's width a table stays a table: where it is wider than the column, it
    # scrolls inside its frame, and each row's name stays in view.
    pw = watch(width)
    pw.open(page_path)
    assert pw.page.evaluate(WIDE_TABLES) == []


def test_the_landing_page_promises_what_is_true():
    # Marks take no keyboard focus; the table under each chart is the keyboard's path.
    for path in (ROOT / "intro.md", ROOT / "README.md"):
        text = path.read_text(encoding="utf-8")
        assert "focus a mark" not in text.lower(), path.name
        assert re.search(r"Tab\b.*Enter or Space", text, re.S), path.name


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_path", sorted(PAGES_WITH_CHARTS))
def test_open_tables_pass_axe(watch, page_path, mode, width):
    """The tables as a reader sees them once opened (axe skips a closed `<details>`): no
    serious or critical violation of any rule, contrast included, light and dark."""
    from tests.test_accessibility import AXE_DIR, BLOCKING

    script = AXE_DIR / "axe.min.js"
    if not script.exists():
        pytest.fail(f"axe-core is missing at {AXE_DIR}: `make test` installs it from npm.")
    pw = watch(width)
    pw.context.add_init_script(f"localStorage.setItem('mode', '{mode}')")
    pw.open(page_path)
    assert pw.page.evaluate("document.documentElement.dataset.theme") == mode
    pw.page.evaluate(
        "() => document.querySelectorAll('details.explainer-chart-table')"
        ".forEach(d => { d.open = true; })"
    )
    pw.page.add_script_tag(content=script.read_text(encoding="utf-8"))
    violations = pw.page.evaluate(
        """async () => {
          const every = axe.getRules().map(rule => rule.ruleId);
          const results = await axe.run(
            {include: [['details.explainer-chart-table']]},
            {runOnly: {type: 'rule', values: every}, resultTypes: ['violations']});
          return results.violations;
        }"""
    )
    blocking = [
        f"{v['impact']}: {v['id']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in BLOCKING
    ]
    assert blocking == [], f"{page_path} ({mode}, {width} px): {blocking}"
