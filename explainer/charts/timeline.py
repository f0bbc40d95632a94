"""The timeline chart: the essay's five eras as bands and the dated milestones on them.

The chart is vertical (time runs down the page), so it reads on a 390 px phone as well as on
a desktop: the eras are bands with their names in a left column, the milestones are bars on a
spine whose length is the period the source's words denote (a year, a month, about two
months), and their labels sit to the right, spread apart where events crowd together with a
leader line back to their date. The last era, 'Closing the loop', has no date in the essay
('20XX?'): it is a faded band with no year on the axis.

The height is fixed (it fits a laptop's screen), so pixel spacing can be turned into dates here,
in Python; only the width follows the column (`width="container"`), and labels switch to a
wrapped form when it is narrow. The time axis is piecewise linear: the quiet years to 2024 are
drawn small and the crowded months from 2025 to the essay large, and the axis title says so.
"""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from explainer import data, settings, style
from explainer.charts import _table
from explainer.charts._base import source_label, with_meta

__all__ = ["timeline_chart"]

HEIGHT = 560  # px; fixed, so label spacing can be computed in px (fits a laptop's screen)
# The time axis is in three pieces, each linear: the quiet years to the end of 2024 are drawn
# small, the crowded months from 2025 to the essay's date large, then the open last era. Each
# piece ends at a px from the top (the last at HEIGHT); `_px` and `_moment` convert.
ZOOM_FROM = pd.Timestamp("2025-01-01")
ZOOM_TOP_PX, ZOOM_BOTTOM_PX = 170, 460
# Where the axis starts and ends: a little before the founding year, and room after the
# essay's date for the open-ended last era.
DOMAIN_START = pd.Timestamp("2020-11-15")
FUTURE_SPAN = pd.Timedelta(days=365)
# The horizontal layout, in px from the plot's left edge: era names, the spine, the labels.
# (narrow, wide): on a phone the era column is tighter, to leave room for the labels.
SPINE_X = (92, 112)
LABEL_X = (106, 128)
NARROW = 440  # below this plot width, labels wrap (a phone)
DESCRIPTION_WIDTH = 250  # px at the right for the era descriptions, where there is room
DESCRIPTION_WRAP = 38  # characters: four lines at most, to fit the shortest band
CHAR_PX = 6.8  # a generous width of one character at FONT_SIZE, to decide what fits
LINE_HEIGHT = 14
FONT_SIZE = 11.5
LABEL_WRAP = 22  # characters per line of a wrapped milestone label
ERA_WRAP = 13  # characters per line of an era name
LABEL_GAP = 8  # px between two label blocks

# The essay's era colours: the first four categorical roles, in order; the open era is grey.
ERA_COLOURS = [role.light for role in style.CATEGORICAL[:4]]
OPEN_ERA_COLOUR = style.MUTED.light
# Text, secondary text, rules and leader lines, the page (`explainer.style`).
INK, MUTED, FAINT, PAPER = (r.light for r in (style.INK, style.MUTED, style.FAINT, style.PAPER))
# The inflection points are the essay's figures.
ESSAY_COLOUR = style.ESSAY.light

# How a milestone's bar is dashed, and what the legend says about it.
DASH_LABELS = {
    "stated": "a year or a month, as stated",
    "approximate": "approximate ('about')",
}

PRECISION_WORDS = settings.PRECISION_WORDS


def _pieces(domain_end: pd.Timestamp, today_end: pd.Timestamp) -> tuple[list, list[float]]:
    """The time axis's breakpoints (dates) and where each is drawn (px from the top)."""
    return (
        [DOMAIN_START, ZOOM_FROM, today_end, domain_end],
        [0.0, ZOOM_TOP_PX, ZOOM_BOTTOM_PX, float(HEIGHT)],
    )


def _px(moment: pd.Timestamp, pieces: tuple[list, list[float]]) -> float:
    """Where ``moment`` is drawn, in px from the top (piecewise linear, as the chart's scale)."""
    dates, pxs = pieces
    for i in range(len(dates) - 1):
        if moment <= dates[i + 1] or i == len(dates) - 2:
            share = (moment - dates[i]) / (dates[i + 1] - dates[i])
            return pxs[i] + share * (pxs[i + 1] - pxs[i])
    raise AssertionError("unreachable")


def _moment(px: float, pieces: tuple[list, list[float]]) -> pd.Timestamp:
    """The date drawn ``px`` from the top (the inverse of `_px`)."""
    dates, pxs = pieces
    for i in range(len(pxs) - 1):
        if px <= pxs[i + 1] or i == len(pxs) - 2:
            share = (px - pxs[i]) / (pxs[i + 1] - pxs[i])
            return dates[i] + share * (dates[i + 1] - dates[i])
    raise AssertionError("unreachable")


def _shifted(moment: pd.Timestamp, px: float, pieces) -> pd.Timestamp:
    """The date drawn ``px`` below ``moment``."""
    return _moment(_px(moment, pieces) + px, pieces)


def _iso(moment: pd.Timestamp) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _x(at: tuple[int, int], shift: int = 0) -> dict:
    """A horizontal position in px that moves in on a narrow (phone) chart."""
    narrow, wide = at
    return {"value": {"expr": f"width < {NARROW} ? {narrow + shift} : {wide + shift}"}}


def _datetime(moment: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(year=moment.year, month=moment.month, date=moment.day)


def spread_labels(anchors: list[float], heights: list[float], top: float, bottom: float):
    """Centres for label blocks near their anchors (px), in order, none overlapping.

    Overlapping neighbours are merged into a cluster placed where its members' mean
    displacement is zero, clamped to [top, bottom], until no two clusters overlap.
    """
    clusters = [[i] for i in range(len(anchors))]

    def place(members: list[int]) -> float:
        # Top edge that centres the stacked blocks on their anchors on average.
        offsets, running = [], 0.0
        for i in members:
            offsets.append(running + heights[i] / 2)
            running += heights[i]
        start = sum(anchors[i] - o for i, o in zip(members, offsets, strict=True)) / len(members)
        return min(max(start, top), bottom - running)

    starts = [place(c) for c in clusters]
    merged = True
    while merged:
        merged = False
        for k in range(len(clusters) - 1):
            end = starts[k] + sum(heights[i] for i in clusters[k])
            if end > starts[k + 1] + 1e-9:
                clusters[k] = clusters[k] + clusters.pop(k + 1)
                starts.pop(k + 1)
                starts[k] = place(clusters[k])
                merged = True
                break
    centres = [0.0] * len(anchors)
    for members, start in zip(clusters, starts, strict=True):
        for i in members:
            centres[i] = start + heights[i] / 2
            start += heights[i]
    return centres


def _eras_frame(eras: pd.DataFrame, today_end: pd.Timestamp, domain_end: pd.Timestamp, pieces):
    """One band per era: from 1 January of its first year to the next era's start."""
    df = eras.sort_values("order").reset_index(drop=True)
    starts = [
        pd.Timestamp(year=int(y), month=1, day=1) if pd.notna(y) else pd.NaT
        for y in df["start_year"]
    ]
    rows = []
    for i, era in df.iterrows():
        start = starts[i]
        is_open = pd.isna(start)
        if is_open:  # '20XX?': after the essay's today, with no end
            start, end = today_end, domain_end
        elif i + 1 < len(df) and pd.notna(starts[i + 1]):
            end = starts[i + 1]
        else:  # the essay's 'Today' runs to the essay's date
            end = today_end
        title_lines = textwrap.wrap(era["title"], ERA_WRAP)
        note_lines = textwrap.wrap(
            f"The essay gives no year for this era: '{era['period_label']}'", LABEL_WRAP
        )
        note_px = len(note_lines) * LINE_HEIGHT + 8
        rows.append(
            {
                "era_id": era["era_id"],
                "title": era["title"],
                "period": era["period_label"],
                "description": era["description"],
                "precision": PRECISION_WORDS[era["date_precision"]],
                "note": era["note"] if pd.notna(era["note"]) else "—",
                "open": bool(is_open),
                "start": _iso(start),
                "end": _iso(end),
                "name": "\n".join([era["period_label"], *title_lines]),
                "name_lines": 1 + len(title_lines),
                "description_wrapped": "\n".join(
                    textwrap.wrap(era["description"], DESCRIPTION_WRAP)
                ),
                "open_note": "\n".join(note_lines) if is_open else "",
                "note_px": note_px if is_open else 0,
                # The note on the open era ends 8 px above the chart's bottom edge.
                "note_at": _iso(_shifted(domain_end, -note_px, pieces)),
                # The name sits 6 px below the band's top edge.
                "name_at": _iso(_shifted(start, 6, pieces)),
                "source": source_label(pd.Series([era["source_id"]])).iloc[0],
            }
        )
    return pd.DataFrame(rows)


def _era_of(moment: pd.Timestamp, bands: pd.DataFrame) -> str:
    for band in bands.itertuples():
        if pd.Timestamp(band.start) <= moment < pd.Timestamp(band.end):
            return band.era_id
    return ""


def _events_frame(timeline: pd.DataFrame, bands: pd.DataFrame, pieces):
    df = timeline.dropna(subset=["date"]).copy()
    df["date_end"] = df["date_end"].fillna(df["date"])
    # The bar runs to the end of the last day of the period.
    df["span_end"] = df["date_end"] + pd.Timedelta(days=1)
    df["mid"] = df["date"] + (df["span_end"] - df["date"]) / 2
    df = df.sort_values("mid").reset_index(drop=True)
    df["date_words"] = [settings.date_words(r) for r in df.itertuples()]
    df["precision"] = df["date_precision"].map(PRECISION_WORDS)
    df["dash"] = df["date_precision"].map(
        lambda p: "approximate" if p == "approximate" else "stated"
    )
    df["source"] = source_label(df["source_id"])
    df["note"] = df["note"].fillna("—")
    df["era_id"] = [_era_of(m, bands) for m in df["mid"]]
    # A label is the date (one line) over the event: one line where the chart is wide,
    # wrapped where it is narrow. Each form is spaced for its own height (the chart picks
    # one by its width): spaced for the wrapped form everywhere, the one-line labels of the
    # crowded months drifted far from their bars, into the era before.
    wrapped = [textwrap.wrap(e, LABEL_WRAP) for e in df["event"]]
    df["event_narrow"] = ["\n".join(w) for w in wrapped]
    anchors = [_px(m, pieces) for m in df["mid"]]
    # Labels stay above the open era's note at the bottom.
    bottom = HEIGHT - bands["note_px"].max()

    def at(px: float) -> str:
        return _iso(_moment(px, pieces))

    forms = {
        "_narrow": [(len(w) + 1) * LINE_HEIGHT + LABEL_GAP for w in wrapped],
        "_wide": [2 * LINE_HEIGHT + LABEL_GAP] * len(wrapped),
    }
    for suffix, heights in forms.items():
        centres = spread_labels(anchors, heights, 0, bottom)
        tops = [c - (h - LABEL_GAP) / 2 for c, h in zip(centres, heights, strict=True)]
        df[f"date_at{suffix}"] = [at(t) for t in tops]
        df[f"leader_at{suffix}"] = [at(t + LINE_HEIGHT / 2) for t in tops]  # the date's middle
        df[f"event_at{suffix}"] = [at(t + LINE_HEIGHT) for t in tops]
    for column in ("date", "span_end", "mid"):
        df[column] = df[column].map(_iso)
    return df


def _inflections_frame(metrics: pd.DataFrame, bands: pd.DataFrame, pieces):
    """The essay's two inflection points of lines of code per engineer (2025 and 2026), placed
    under the name of the era each falls in."""
    rows = metrics[
        (metrics["topic"] == "lines_of_code_per_engineer")
        & metrics["note"].fillna("").str.contains("inflection", case=False)
    ].sort_values("date")
    out = []
    for number, row in enumerate(rows.itertuples(), start=1):
        era = bands[bands["era_id"] == _era_of(row.date, bands)].iloc[0]
        below = era["name_lines"] * LINE_HEIGHT + 10  # px under the era's name
        at = _shifted(pd.Timestamp(era["start"]), below, pieces)
        out.append(
            {
                "era_id": era["era_id"],
                "at": _iso(at),
                "text": f"↗ inflection {number}",
                "year": row.date_text,
                "what": row.note,
                "quote": row.quote,
                "source": source_label(pd.Series([row.source_id])).iloc[0],
            }
        )
    return pd.DataFrame(out)


def timeline_chart(
    eras: pd.DataFrame | None = None,
    timeline: pd.DataFrame | None = None,
    internal_metrics: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """The essay's eras as bands and the dated milestones on a vertical time axis.

    Click an era to highlight it and its milestones (double-click clears); hover anything for
    its source.
    """
    eras = eras if eras is not None else data.load("eras")
    timeline = timeline if timeline is not None else data.load("timeline")
    metrics = internal_metrics if internal_metrics is not None else data.load("internal_metrics")
    sources = data.load("sources").set_index("source_id")
    # The essay's 'Today' is its own date (June 2026 as the write-ups place it).
    essay = sources.loc["essay_when_ai_builds_itself"]
    today_end = essay["date_end"] + pd.Timedelta(days=1)
    domain_end = today_end + FUTURE_SPAN

    pieces = _pieces(domain_end, today_end)
    bands = _eras_frame(eras, today_end, domain_end, pieces)
    events = _events_frame(timeline, bands, pieces)
    inflections = _inflections_frame(metrics, bands, pieces)

    # Piecewise linear: time runs down, the years from `ZOOM_FROM` drawn larger.
    breakpoints, breakpoint_px = pieces
    y_scale = alt.Scale(
        domain=[_datetime(breakpoints[0]), _datetime(breakpoints[-1])],
        # The pieces, as raw epoch milliseconds: Vega-Lite turns a DateTime domain into a union
        # of fields, whose extent (two values) would lose them; `domainRaw` goes to Vega as is.
        domainRaw=alt.ExprRef(json.dumps([int(m.timestamp() * 1000) for m in breakpoints])),
        range=breakpoint_px,
        nice=False,
    )
    zoom = ((ZOOM_BOTTOM_PX - ZOOM_TOP_PX) / (today_end - ZOOM_FROM).days) / (
        ZOOM_TOP_PX / (ZOOM_FROM - DOMAIN_START).days
    )
    years = range(int(bands["start"].min()[:4]), today_end.year + 1)
    y_axis = alt.Axis(
        values=[f"{y}-01-01T00:00:00" for y in years],
        format="%Y",
        # Says the axis is not one scale: the months from 2025 are drawn larger. In the ink
        # role and bold, as the other charts' axis titles, so it is read, not missed.
        title=f"Year (from {ZOOM_FROM.year}: scale {zoom:.0f}× larger)",
        titleColor=INK,
        grid=False,
        labelFontSize=12,
    )
    pick = alt.selection_point(name="era", fields=["era_id"], on="click", clear="dblclick")
    wide = f"width >= {NARROW}"
    # The era column's text is a point smaller on a phone.
    narrow_font = {"expr": f"{wide} ? {FONT_SIZE} : {FONT_SIZE - 1}"}
    # Era descriptions show where they clear the longest one-line label.
    longest = max(len(e) for e in events["event"])
    roomy = int(LABEL_X[1] + longest * CHAR_PX + 12 + DESCRIPTION_WIDTH)
    text_style = dict(align="left", baseline="middle", fontSize=FONT_SIZE, lineBreak="\n")
    lh = dict(lineHeight=LINE_HEIGHT)

    era_tooltip = [
        alt.Tooltip("title:N", title="Era"),
        alt.Tooltip("period:N", title="Period (as the essay prints it)"),
        alt.Tooltip("description:N", title="What the essay says"),
        alt.Tooltip("precision:N", title="Date precision"),
        alt.Tooltip("note:N", title="Note"),
        alt.Tooltip("source:N", title="Source"),
    ]
    dated = bands[~bands["open"]]
    open_era = bands[bands["open"]]
    era_colour = alt.Color(
        "era_id:N",
        scale=alt.Scale(domain=list(dated["era_id"]), range=ERA_COLOURS[: len(dated)]),
        legend=None,
    )
    band_layer = (
        alt.Chart(dated, name="era_bands")
        .mark_rect(stroke=PAPER, strokeWidth=1.5)
        .encode(
            y=alt.Y("start:T", axis=y_axis),
            y2="end:T",
            color=era_colour,
            opacity=alt.condition(pick, alt.value(0.22), alt.value(0.06)),
            tooltip=era_tooltip,
        )
        .add_params(pick)
    )
    fade = alt.Gradient(
        gradient="linear",
        stops=[
            alt.GradientStop(color=OPEN_ERA_COLOUR, offset=0),
            alt.GradientStop(color=PAPER, offset=1),
        ],
        x1=0,
        x2=0,
        y1=0,
        y2=1,
    )
    open_band = (
        alt.Chart(open_era, name="open_era")
        .mark_rect(color=fade, opacity=0.35, stroke=OPEN_ERA_COLOUR, strokeDash=[4, 4])
        .encode(y="start:T", y2="end:T", tooltip=era_tooltip)
    )
    era_names = (
        alt.Chart(bands, name="era_names")
        .mark_text(
            **{**text_style, "baseline": "top", "fontSize": narrow_font}, **lh, fontWeight="bold"
        )
        .encode(
            x=alt.value(4),
            # The piecewise scale is given here, on a layer with no y2: Vega-Lite mis-merges an
            # explicit domain given on a layer with y2 (the pieces are lost).
            y=alt.Y("name_at:T", scale=y_scale),
            text="name:N",
            color=alt.value(INK),
            opacity=alt.condition(pick, alt.value(1), alt.value(0.35)),
            tooltip=era_tooltip,
        )
    )
    open_note = (
        alt.Chart(open_era, name="open_era_note")
        .mark_text(**{**text_style, "baseline": "top"}, **lh, fontStyle="italic", color=MUTED)
        .encode(x=_x(LABEL_X), y="note_at:T", text="open_note:N", tooltip=era_tooltip)
    )
    # Where there is room (a desktop column), each era's one-line description in its band.
    era_descriptions = (
        alt.Chart(bands, name="era_descriptions")
        .mark_text(**{**text_style, "baseline": "top"}, **lh, fontStyle="italic", color=INK)
        .encode(
            x={"value": {"expr": f"width - {DESCRIPTION_WIDTH}"}},
            y="name_at:T",
            text="shown:N",
            opacity=alt.condition(pick, alt.value(1), alt.value(0.35)),
            tooltip=era_tooltip,
        )
        .transform_calculate(
            shown=f"width >= {roomy} ? datum.description_wrapped : ''",
        )
    )
    inflection_tooltip = [
        alt.Tooltip("what:N", title="Inflection point"),
        alt.Tooltip("year:N", title="When (as the essay says)"),
        alt.Tooltip("quote:N", title="The essay"),
        alt.Tooltip("source:N", title="Source"),
    ]
    inflection_marks = (
        alt.Chart(inflections, name="inflections")
        .mark_text(
            **{**text_style, "baseline": "top", "fontSize": narrow_font},
            fontWeight="bold",
            color=ESSAY_COLOUR,
        )
        .encode(
            x=alt.value(4),
            y="at:T",
            text="text:N",
            opacity=alt.condition(pick, alt.value(1), alt.value(0.35)),
            tooltip=inflection_tooltip,
        )
    )

    event_tooltip = [
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("date_text:N", title="Date (as the source states it)"),
        alt.Tooltip("precision:N", title="Date precision"),
        alt.Tooltip("note:N", title="Note"),
        alt.Tooltip("source:N", title="Source"),
    ]
    faded = alt.condition(pick, alt.value(1), alt.value(0.25))
    spine = (
        alt.Chart(
            pd.DataFrame(
                {
                    "start": [dated["start"].min()],
                    "end": [dated["end"].max()],
                    "what": ["The essay's dated eras, to its own date ('Today')"],
                    "source": [dated["source"].iloc[0]],
                }
            ),
            name="spine",
        )
        .mark_rule(color=FAINT, strokeWidth=1)
        .encode(
            x=_x(SPINE_X),
            y="start:T",
            y2="end:T",
            tooltip=[alt.Tooltip("what:N", title="Line"), alt.Tooltip("source:N", title="Source")],
        )
    )
    spans = (
        alt.Chart(events, name="milestone_bars")
        .mark_rule(strokeWidth=9, strokeCap="butt", color=INK)
        .encode(
            x=_x(SPINE_X),
            y="date:T",
            y2="span_end:T",
            strokeDash=alt.StrokeDash(
                "dash:N",
                scale=alt.Scale(domain=list(DASH_LABELS), range=[[1, 0], [2, 2]]),
                legend=alt.Legend(
                    title="Milestone date (bar = its period)",
                    direction="vertical",
                    labelExpr=f"{json.dumps(DASH_LABELS)}[datum.label]",
                    symbolStrokeWidth=6,
                    symbolType="stroke",
                    labelLimit=300,
                    titleLimit=300,
                ),
            ),
            opacity=faded,
            tooltip=event_tooltip,
        )
    )
    # Each label's place for the chart's width (see `_events_frame`), re-evaluated on resize.
    placed = {
        # toDate, as Vega-Lite parses the frame's date strings (a calculated field is not)
        f"{field}_at": f"toDate({wide} ? datum.{field}_at_wide : datum.{field}_at_narrow)"
        for field in ("date", "leader", "event")
    }
    leaders = (
        alt.Chart(events, name="leaders")
        .transform_calculate(**placed)
        .mark_rule(color=MUTED, strokeWidth=0.8)
        .encode(
            x=_x(SPINE_X, 6),
            x2=_x(LABEL_X, -3),
            y="mid:T",
            y2="leader_at:T",
            opacity=faded,
            tooltip=event_tooltip,
        )
    )
    dates = (
        alt.Chart(events, name="milestone_dates")
        .transform_calculate(**placed)
        .mark_text(**{**text_style, "baseline": "top"}, color=MUTED)
        .encode(
            x=_x(LABEL_X),
            y="date_at:T",
            text="date_words:N",
            opacity=faded,
            tooltip=event_tooltip,
        )
    )
    labels = (
        alt.Chart(events, name="milestone_labels")
        .mark_text(**{**text_style, "baseline": "top"}, **lh, color=INK, fontWeight=600)
        .encode(
            x=_x(LABEL_X),
            y="event_at:T",
            text="label:N",
            opacity=faded,
            tooltip=event_tooltip,
        )
        # Re-evaluated when the width changes: the one-line form where there is room.
        .transform_calculate(label=f"{wide} ? datum.event : datum.event_narrow", **placed)
    )

    first_year, last_year = int(dated["start"].min()[:4]), today_end.year
    kinds = ", ".join(f"{r.event} ({settings.date_words(r)})" for r in timeline.itertuples())
    description = (
        f"Vertical timeline from {first_year} to {last_year}, time running down the page. "
        f"Coloured bands are the essay's {len(bands)} eras: "
        + "; ".join(f"{b.title} ({b.period})" for b in bands.itertuples())
        + ". The last era has no year in the essay and is drawn as a faded, open band. "
        f"Milestones are bars whose length is the period the source's date denotes: {kinds}. "
        f"{len(inflections)} inflection points in lines of code per engineer are marked: "
        + "; ".join(f"{r.year} ({r.what.rstrip('.')})" for r in inflections.itertuples())
        + "."
    )
    chart = alt.layer(
        band_layer,
        open_band,
        spine,
        spans,
        leaders,
        dates,
        labels,
        era_names,
        inflection_marks,
        era_descriptions,
        open_note,
    ).properties(width="container", height=HEIGHT)
    return with_meta(
        chart,
        description=description,
        csv=["eras.csv", "timeline.csv", "internal_metrics.csv", "sources.csv"],
        title="The essay's eras and its dated milestones",
        takeaway=(
            "Each bar spans the period its source's date covers; the orange marks are the essay's"
            " two inflection points in lines of code per engineer."
        ),
        table=_table.timeline_table(bands, events, inflections),
    )
