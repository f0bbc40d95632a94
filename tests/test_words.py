"""Words checked like numbers: what the book says a source says, the source says.

- Every sentence of the pages' prose (with glued values filled in) or of the charts' text that
  names a source and quotes it: each quoted span is verbatim in a source the sentence names
  (the essay, a write-up, METR).
- Every glued number whose source hedges it ("roughly", "about", "more than", "~", "at least")
  keeps a hedge of the same kind wherever the page prints it.
- Every quoted span in a recorded disagreement is verbatim in one of its two sides' sources, and
  the numbers the disagreements state are the numbers the data gives.

"Verbatim" ignores only what typography changes: runs of whitespace, curly against straight
quotes, non-breaking hyphens, "×" against "x", the case of letters, and a numeral against its
word ("four" against "4", as a glued number prints it). An ellipsis inside a quotation splits it
into parts, each of which must be verbatim.
"""

from __future__ import annotations

import importlib
import itertools
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from explainer import data, trends
from tests import specs
from tests.data_fixtures import SHARED_AVAILABLE, SHARED_MISSING_REASON, source_texts

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not SHARED_AVAILABLE, reason=SHARED_MISSING_REASON)

ESSAY = "essay_when_ai_builds_itself"
WRITE_UPS = ("news_ai_creates_ai", "news_sherwood_ponders", "news_internal_metrics")
METR = "metr_time_horizon_1_1"
# Words in a sentence that name a source, and the sources they name.
NAMES = [
    (r"\bessay\b|\bin its words\b|\bits own\b|\bit says\b|\bAnthropic\b", (ESSAY,)),
    (r"\bwrite-ups?\b|\bsummary\b|\bheadlines?\b|\breports?\b", WRITE_UPS),
    (r"\bSherwood\b", ("news_sherwood_ponders",)),
    (r"\bBestHub\b", ("news_internal_metrics",)),
    (r"AI creates AI", ("news_ai_creates_ai",)),
    (r"\bMETR\b", (METR, ESSAY)),  # the essay quotes METR's words
]
PAGES = {
    "intro.md": "intro",
    "chapters/timeline.md": "timeline",
    "chapters/benchmarks.md": "benchmarks",
    "chapters/internal-metrics.md": "internal_metrics",
    "chapters/scenarios.md": "scenarios",
    "chapters/data-and-methods.md": "data_and_methods",
}
NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twelve": "12",
    "fifteen": "15",
}


def normalise(text: str) -> str:
    text = re.sub(r"[‘’ʼ]", "'", text)
    text = re.sub(r"[“”]", '"', text)
    text = text.replace("‑", "-").replace("×", "x").replace("\u00a0", " ")
    # An editor's brackets mark words put in a quotation ("what [METR] can measure"): the words
    # count, the brackets do not.
    text = re.sub(r"\[(?!\.\.\.\]|…\])([^\]]*)\]", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip().lower()
    return re.sub(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", lambda m: NUMBER_WORDS[m[1]], text)


def named_sources(sentence: str) -> set[str]:
    named: set[str] = set()
    for pattern, sources in NAMES:
        if re.search(pattern, sentence):
            named.update(sources)
    return named


def source_text(source_id: str) -> str:
    if source_id == METR:
        path = data.SHARED_DIR / "reference-data" / "metr_time_horizon_1_1.yaml"
        return normalise(path.read_text(encoding="utf-8"))
    return " ".join(normalise(t) for t in source_texts(source_id))


def missing_parts(span: str, sources: set[str]) -> list[str]:
    """The parts of a quoted span found in none of the sources (empty when all are there)."""
    texts = [source_text(s) for s in sources]
    parts = [p for p in re.split(r"\[\.\.\.\]|\[…\]|…|\.\.\.", span) if p.strip(" .,;:[]")]
    return [p for p in parts if not any(normalise(p).strip(" .,;:") in t for t in texts)]


# --------------------------------------------------------------------------- the pages


def glue_values(page: str) -> dict:
    module = importlib.import_module(f"explainer.numbers.{PAGES[page]}")
    return module.numbers()


def rendered_prose(page: str) -> list[str]:
    """The page's prose lines as a reader sees them: glued values filled in (with their format),
    code cells and front matter out, cross-reference roles reduced to their text."""
    text = (ROOT / page).read_text(encoding="utf-8").split("---", 2)[2]
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    values = glue_values(page) if "{glue:text}" in text else {}

    def fill(match: re.Match) -> str:
        name, _, spec = match[1].partition(":")
        return format(values[name], spec)

    text = re.sub(r"\{glue:text\}`([^`]+)`", fill, text)
    text = re.sub(r"\{(?:cite|numref)\}`[^`]*`", "", text)
    text = re.sub(r"\{doc\}`([^`]*)`", r"\1", text)
    return [line.strip(" -*>") for line in text.splitlines() if line.strip()]


def double_quoted(sentence: str) -> list[str]:
    return re.findall(r"[\"“]([^\"“”]+)[\"”]", sentence)


def attributed_quotes(lines: list[str]) -> list[tuple[str, str, set[str]]]:
    """(sentence, quoted span, sources named) for each quoted span in a sentence naming a source."""
    found = []
    for line in lines:
        spans = double_quoted(line)
        named = named_sources(line)
        if spans and named:
            found.extend((line, span, named) for span in spans)
    return found


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_quote_the_prose_attributes_is_verbatim_in_the_named_source(page):
    quotes = attributed_quotes(rendered_prose(page))
    bad = [
        (span, sorted(named), missing)
        for _, span, named in quotes
        if (missing := missing_parts(span, named))
    ]
    assert bad == [], bad


def test_the_book_attributes_quotes_on_every_chapter():
    """The check above has work to do: each chapter quotes its sources."""
    for page in PAGES:
        if page.startswith("chapters/") and page != "chapters/data-and-methods.md":
            assert len(attributed_quotes(rendered_prose(page))) >= 3, page


def test_the_quote_check_can_fail():
    essay_only = {ESSAY}
    assert missing_parts("doubling roughly every 4 months", essay_only) == []
    assert missing_parts("doubling every 4 months", essay_only) != []  # a dropped "roughly"
    assert missing_parts("Calls for a Global Pause", essay_only) != []  # BestHub's, not the essay's
    assert missing_parts("We don't have that long", essay_only) == []
    assert missing_parts("humans have ideas, [...] faster than before", essay_only) == []
    assert missing_parts("humans have ideas, [...] slower than before", essay_only) != []
    lines = ['The essay says it "doubles every month".', 'A quote "from nowhere" names no source.']
    quotes = attributed_quotes(lines)
    assert [(span, named) for _, span, named in quotes] == [("doubles every month", {ESSAY})]


# Glued numbers the sources hedge: (page, glue name, resource, row). The hedge is read from the
# row (its qualifier, or a "~" in its quote), so a change in the data changes what is required.
HEDGED = [
    ("intro.md", "essay_doubling_months", "horizon_trends", "doubling_time_recent"),
    ("intro.md", "code_share_low_pct", "internal_metrics", "merged_code_share_may_2026"),
    ("chapters/timeline.md", "tl_share_after", "internal_metrics", "merged_code_share_may_2026"),
    ("chapters/benchmarks.md", "essay_doubling_recent", "horizon_trends", "doubling_time_recent"),
    ("chapters/benchmarks.md", "essay_opus3_minutes", "task_horizons", "essay_claude_opus_3"),
    ("chapters/benchmarks.md", "mythos_hours_low", "task_horizons", "essay_claude_mythos_preview"),
    ("chapters/benchmarks.md", "core_start_pct", "benchmarks", "core_bench_2024"),
    (
        "chapters/internal-metrics.md",
        "share_may_2026_low",
        "internal_metrics",
        "merged_code_share_may_2026",
    ),
    ("chapters/internal-metrics.md", "poll_median", "internal_metrics", "uplift_poll_median"),
    ("chapters/internal-metrics.md", "api_fixes_low", "internal_metrics", "api_fixes_count"),
    ("chapters/internal-metrics.md", "speedup_opus_4", "internal_metrics", "code_speedup_opus_4"),
    (
        "chapters/internal-metrics.md",
        "speedup_mythos",
        "internal_metrics",
        "code_speedup_mythos_preview",
    ),
    (
        "chapters/internal-metrics.md",
        "crash_claude_hours",
        "internal_metrics",
        "training_crash_claude_time",
    ),
    ("chapters/internal-metrics.md", "w2s_human_weeks", "internal_metrics", "w2s_human_time"),
    (
        "chapters/internal-metrics.md",
        "w2s_human_pct",
        "internal_metrics",
        "w2s_human_gap_recovered",
    ),
    (
        "chapters/internal-metrics.md",
        "w2s_cost_usd",
        "internal_metrics",
        "w2s_agents_compute_cost",
    ),
    (
        "chapters/internal-metrics.md",
        "glasswing_low",
        "internal_metrics",
        "glasswing_vulnerabilities",
    ),
    ("chapters/scenarios.md", "amdahl_p_pct", "internal_metrics", "merged_code_share_may_2026"),
    ("chapters/scenarios.md", "amdahl_s", "internal_metrics", "code_speedup_mythos_preview"),
]
HEDGE_KINDS = {
    "about": r"about|around|roughly|approximately|~",
    "more than": r"more than|over|at least|lower bound of|>|≥",
    "up to": r"up to",
    "within": r"within",
}
HEDGE_KINDS |= {q: HEDGE_KINDS["about"] for q in ("around", "roughly", "approximately")}
HEDGE_KINDS |= {q: HEDGE_KINDS["more than"] for q in ("over", "at least")}


def hedge_of(resource: str, key: str) -> str:
    row = data.load(resource).set_index(data.schema(resource)["primaryKey"][0]).loc[key]
    if pd.notna(row.get("qualifier")):
        return HEDGE_KINDS[row["qualifier"]]
    assert "~" in row["quote"], f"{resource}/{key} carries no hedge: take it out of HEDGED"
    return HEDGE_KINDS["about"]


@pytest.mark.parametrize(("page", "name", "resource", "key"), HEDGED)
def test_a_glued_number_keeps_its_sources_hedge(page, name, resource, key):
    hedge = hedge_of(resource, key)
    text = (ROOT / page).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if f"`{name}" in line]
    assert lines, f"{page} no longer glues {name}: update HEDGED"
    for line in lines:
        for match in re.finditer(r"\{glue:text\}`" + name + r"[:`]", line):
            # The hedge within a few words before the number (glued hedges count once filled in).
            before = re.sub(r"\{glue:text\}`(\w+)[^`]*`", r"\1", line[: match.start()])[-60:]
            filled = before.replace("essay_doubling_qualifier", "roughly")
            assert re.search(rf"({hedge})\W*(\w+\W+){{0,3}}$", filled, re.I), (page, name, line)


def test_the_hedge_check_can_fail():
    hedge = HEDGE_KINDS["about"]
    assert re.search(rf"({hedge})\W*(\w+\W+){{0,3}}$", "in the essay's words, roughly every ", re.I)
    assert not re.search(rf"({hedge})\W*(\w+\W+){{0,3}}$", "**Every ", re.I)


# --------------------------------------------------------------------------- the charts


def is_expression(text: str) -> bool:
    """A Vega expression (its quotes are string literals, not quotations)."""
    stripped = text.strip()
    return bool(re.search(r"==|datum\.|format\(|\?\s.*\s:\s", stripped)) or (
        stripped[:1] in "\"'" and stripped[-1:] == stripped[:1]
    )


def chart_sentences() -> list[tuple[str, str]]:
    """(chart, sentence) for every sentence of text in every chart: descriptions, titles,
    tooltip and label strings in its data."""
    out = []
    for name in specs.CHART_NAMES:
        spec = specs.spec(name)
        strings: list[str] = []

        def walk(node, strings=strings) -> None:
            if isinstance(node, dict):
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
            elif isinstance(node, str) and " " in node and not is_expression(node):
                strings.append(node)

        walk(json.loads(json.dumps(spec)))
        for text in strings:
            out.extend((name, s) for s in re.split(r"(?<=[.;])\s+(?=[A-Z])", text))
    return out


def single_quoted(sentence: str) -> list[str]:
    """Spans in single quotes; an apostrophe inside or at the end of a word opens nothing."""
    return re.findall(r"(?<![\w])['‘]([^'‘’]+?)['’](?![\w])", sentence)


def test_every_quote_in_chart_text_that_names_a_source_is_verbatim():
    bad = []
    checked = 0
    for chart, sentence in chart_sentences():
        named = named_sources(sentence)
        if not named:
            continue
        for span in double_quoted(sentence) + single_quoted(sentence):
            checked += 1
            if missing := missing_parts(span, named):
                bad.append((chart, span, missing))
    assert checked >= 10, checked  # the charts do quote their sources
    assert bad == [], bad


# --------------------------------------------------------------------------- disagreements


def sources_of(resource: str, key: str) -> set[str]:
    frame = data.load(resource)
    row = frame.set_index(data.schema(resource)["primaryKey"][0]).loc[key]
    return {row["source_id"]}


@pytest.mark.parametrize("disagreement_id", list(data.disagreements()["disagreement_id"]), ids=str)
def test_every_disagreement_quotes_its_two_sides_verbatim(disagreement_id):
    row = data.disagreements().set_index("disagreement_id").loc[disagreement_id]
    sides = sources_of(row["left_resource"], row["left_id"]) | sources_of(
        row["right_resource"], row["right_id"]
    )
    spans = single_quoted(row["summary"]) + double_quoted(row["summary"])
    bad = [(span, missing) for span in spans if (missing := missing_parts(span, sides))]
    assert bad == [], bad


def test_new_disagreements_quote_both_sides():
    """The disagreements the second check added each quote both sources' own words."""
    for disagreement_id in (
        "mythos_preview_release_date",
        "mythos_preview_release_public",
        "days_projection_wording",
        "company_scale_thousands_vs_ten_thousands",
        "pause_global_call_vs_conditional",
        "code_speedup_average_sherwood",
        "loc_jump_cause_sherwood",
        "corrections_mid_task_vs_on_code",
    ):
        row = data.disagreements().set_index("disagreement_id").loc[disagreement_id]
        spans = single_quoted(row["summary"]) + double_quoted(row["summary"])
        for side in ("left", "right"):
            (source,) = sources_of(row[f"{side}_resource"], row[f"{side}_id"])
            assert any(not missing_parts(span, {source}) for span in spans), (
                disagreement_id,
                side,
            )


def test_the_acceleration_disagreement_states_the_essays_own_arithmetic():
    """'2.7 months in the first year and 4.0 in the second' are the essay's three figures."""
    horizons = data.load("task_horizons").set_index("observation_id")
    points = [
        horizons.loc[k]
        for k in ("essay_claude_opus_3", "essay_claude_sonnet_3_7", "essay_claude_opus_4_6")
    ]
    months = [
        trends.implied_doubling_days(a["date"], a["minutes"], b["date"], b["minutes"])
        / trends.DAYS_PER_MONTH
        for a, b in itertools.pairwise(points)
    ]
    summary = (
        data.disagreements()
        .set_index("disagreement_id")
        .loc["essay_points_no_acceleration", "summary"]
    )
    stated = [float(x) for x in re.findall(r"every (\d+\.\d) months", summary)]
    assert stated == [round(m, 1) for m in months]
    assert months[1] > months[0]  # slower in the second year: no acceleration


def test_date_text_is_the_sources_own_words():
    """date_text is verbatim in the row's source, or says the source states no date."""
    bad = []
    for name in ("timeline", "task_horizons", "horizon_trends", "benchmarks", "internal_metrics"):
        frame = data.load(name)
        key = data.schema(name)["primaryKey"][0]
        for row in frame.itertuples():
            if row.date_text == "not stated":
                continue
            if missing_parts(row.date_text, {row.source_id}):
                bad.append((name, getattr(row, key), row.date_text))
    assert bad == [], bad


def test_more_worried_belongs_to_the_second_and_third_futures():
    """'We are more worried about the next two': the two futures after the plateau, both."""
    scenarios = data.load("scenarios").sort_values("order")
    worried = scenarios[scenarios["worry_quote"].notna()]
    assert list(worried["order"]) == [2, 3]
    assert worried["worry_quote"].str.contains("the next two").all()
    assert not missing_parts(worried["worry_quote"].iloc[0], {ESSAY})
