"""Internal-metrics charts: what the essay reports from inside Anthropic, drawn as stated.

Figures the essay gives in words stay words: 'low single digits' is a 0-10% band, 'more than
80%' a lower bound with an arrow, 'high 80s' an 85-90% band, and the lines-of-code curve is
drawn only where the essay states it (flat through 2024, the 8x mark in Q2 2026, the two
inflection points), never with invented values in between.
"""

from __future__ import annotations

import re
import textwrap

import altair as alt
import pandas as pd

from explainer import data, style
from explainer.charts import _table
from explainer.charts._base import source_label, with_meta

__all__ = [
    "code_per_engineer_chart",
    "code_quality_chart",
    "merged_code_share_chart",
    "research_before_after_chart",
    "speedup_chart",
]

# Colours by role (`explainer.style`): the metric a chart is about and its band; the essay's
# bounds and wording, the write-ups' wording; a human comparison; text and annotations.
BLUE, SKY = style.PRIMARY.light, style.PRIMARY_FILL.light
VERMILION, PURPLE = style.ESSAY.light, style.WRITEUPS.light
ORANGE = style.HIGHLIGHT.light
BLACK, GREY, WHITE = style.INK.light, style.MUTED.light, style.PAPER.light
CSV = ["internal_metrics.csv", "sources.csv"]

# Tooltip fields every mark of this module carries (built by `_frame`).
TOOLTIP = [
    alt.Tooltip("what:N", title="What"),
    alt.Tooltip("stated:N", title="As stated"),
    alt.Tooltip("when:N", title="When"),
    alt.Tooltip("source:N", title="Source"),
]

_UNIT_SUFFIX = {"percent": "%", "multiplier": "×", "percentage_points": " points"}


def _stated(row: pd.Series) -> str:
    """A row's figure as the source states it: its hedge, its number or range, its words."""
    suffix = _UNIT_SUFFIX.get(row["unit"], f" {row['unit']}")

    def fmt(x: float) -> str:
        return f"{x:,.0f}{suffix}" if float(x).is_integer() else f"{x:,.1f}{suffix}"

    hedge = f"{row['qualifier']} " if pd.notna(row["qualifier"]) else ""
    if pd.notna(row["value"]):
        number = hedge + fmt(row["value"])
    elif pd.notna(row["value_low"]) and pd.notna(row["value_high"]):
        number = f"{hedge}{fmt(row['value_low'])} to {fmt(row['value_high'])}"
    elif pd.notna(row["value_low"]):
        number = hedge + fmt(row["value_low"])
    elif pd.notna(row["value_high"]):
        number = hedge + fmt(row["value_high"])
    else:
        number = ""
    words = row["qualitative"] if pd.notna(row["qualitative"]) else ""
    if words and number:
        return f"{words} (read as {number})"
    return words or number


def _frame(metrics: pd.DataFrame | None, ids: list[str]) -> pd.DataFrame:
    """The named rows of internal_metrics, in that order, with the tooltip columns added."""
    frame = (metrics if metrics is not None else data.load("internal_metrics")).set_index(
        "observation_id"
    )
    missing = [i for i in ids if i not in frame.index]
    if missing:
        raise KeyError(f"internal_metrics.csv has no row {missing[0]!r}")
    rows = frame.loc[ids].reset_index()
    rows["what"] = rows["metric"] + " (" + rows["subject"] + ")"
    rows["stated"] = rows.apply(_stated, axis=1)
    rows["when"] = rows["date_text"]
    rows["source"] = source_label(rows["source_id"])
    return rows


def _wrap(text: str, width: int) -> list[str]:
    """Lines of a chart annotation (Vega text marks do not wrap on their own)."""
    return textwrap.wrap(text, width=width)


def _after_colon(note: str) -> str:
    """'First inflection: Claude began to run code.' -> 'Claude began to run code'."""
    return note.split(": ", 1)[-1].rstrip(".")


def _quoted(note: str) -> str:
    """The part of a note the source is quoted in: "warns this is 'x'." -> 'x'."""
    match = re.search(r"'(.+)'", note)
    if match is None:
        raise ValueError(f"the note {note!r} quotes nothing")
    return match.group(1)


def _iso(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m-%d")


def _middle(start: pd.Series, end: pd.Series) -> pd.Series:
    """The middle day of each period, as an ISO date string (where a period's marker goes)."""
    return _iso(start + (end - start) / 2)


# --------------------------------------------------------------------------- code share


def merged_code_share_chart(
    metrics: pd.DataFrame | None = None, timeline: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Share of merged code authored by Claude: 'low single digits' before Claude Code's
    research preview (a 0-10% band whose start the essay does not give, so it fades in), and
    'more than 80%' in May 2026 (a lower bound: a triangle at 80% and an arrow towards 100%)."""
    rows = _frame(metrics, ["merged_code_share_before_claude_code", "merged_code_share_may_2026"])
    before, may = rows.iloc[0], rows.iloc[1]
    events = timeline if timeline is not None else data.load("timeline")
    preview = events.set_index("event_id").loc["claude_code_research_preview"]
    start, end = "2024-01-01", "2026-12-31"
    x_scale = alt.Scale(domain=[start, end])
    y_scale = alt.Scale(domain=[0, 100])

    band_df = pd.DataFrame(
        [
            {
                **before[["what", "stated", "when", "source"]].to_dict(),
                "x": start,
                "x2": before["date_end"].strftime("%Y-%m-%d"),
                "low": before["value_low"],
                "high": before["value_high"],
                "label": f"{before['qualitative']} (under {before['value_high']:.0f}%)",
                "label_x": start,
            }
        ]
    )
    fade = alt.Gradient(
        gradient="linear",
        x1=0,
        x2=1,
        y1=0,
        y2=0,
        stops=[
            alt.GradientStop(color=WHITE, offset=0),
            alt.GradientStop(color=SKY, offset=0.6),
        ],
    )
    band_base = alt.Chart(band_df)
    band = band_base.mark_rect(color=fade, stroke=BLUE, strokeWidth=0).encode(
        x=alt.X("x:T", scale=x_scale, title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        x2="x2:T",
        y=alt.Y("low:Q", scale=y_scale, title="Share of merged code authored by Claude (%)"),
        y2="high:Q",
        tooltip=TOOLTIP,
    )
    band_edge = band_base.mark_rule(color=BLUE, strokeWidth=2).encode(
        x="x2:T", y="low:Q", y2="high:Q", tooltip=TOOLTIP
    )
    band_label = band_base.mark_text(
        align="left", baseline="bottom", dx=4, dy=-4, fontSize=12, color=BLUE
    ).encode(x="label_x:T", y="high:Q", text="label:N", tooltip=TOOLTIP)

    # Claude Code's research preview: a month, so a thin band over that month.
    preview_df = pd.DataFrame(
        [
            {
                "x": preview["date"].strftime("%Y-%m-%d"),
                "x2": preview["date_end"].strftime("%Y-%m-%d"),
                "y": 100,
                "what": preview["event"],
                "stated": preview["date_text"],
                "when": preview["date_text"],
                "source": source_label(pd.Series([preview["source_id"]])).iloc[0],
                "label": ["Claude Code", "research preview"],
            }
        ]
    )
    preview_base = alt.Chart(preview_df)
    preview_rule = preview_base.mark_rect(color=GREY, opacity=0.25).encode(
        x="x:T", x2="x2:T", tooltip=TOOLTIP
    )
    preview_label = preview_base.mark_text(
        align="left", baseline="top", dx=4, fontSize=11, color=GREY
    ).encode(x="x2:T", y=alt.Y("y:Q", scale=y_scale), text="label", tooltip=TOOLTIP)

    bound_df = pd.DataFrame(
        [
            {
                **may[["what", "stated", "when", "source"]].to_dict(),
                "x": _middle(pd.Series([may["date"]]), pd.Series([may["date_end"]])).iloc[0],
                "low": may["value_low"],
                "top": 100.0,
                "label": f"{may['qualifier']} {may['value_low']:.0f}%",
                "kind": "lower bound",
            }
        ]
    )
    bound_base = alt.Chart(bound_df)
    bound_arrow = bound_base.mark_rule(color=VERMILION, strokeWidth=2, strokeDash=[3, 2]).encode(
        x="x:T", y="low:Q", y2="top:Q", tooltip=TOOLTIP
    )
    bound_head = bound_base.mark_point(
        shape="triangle-up", filled=True, size=90, color=VERMILION
    ).encode(x="x:T", y="top:Q", tooltip=TOOLTIP)
    bound_foot = bound_base.mark_tick(
        color=VERMILION, thickness=3, size=18, orient="horizontal"
    ).encode(x="x:T", y="low:Q", tooltip=TOOLTIP)
    bound_label = bound_base.mark_text(
        align="right", baseline="middle", dx=-10, fontSize=12, color=VERMILION
    ).encode(x="x:T", y="low:Q", text="label:N", tooltip=TOOLTIP)

    gap_df = pd.DataFrame(
        [
            {
                "x": "2025-09-15",
                "y": 45.0,
                "label": ["no figure given", "in between"],
                "what": "the share between the two figures",
                "stated": "not given",
                "when": f"{before['date_text']} to {may['date_text']}",
                "source": before["source"],
            }
        ]
    )
    gap_label = (
        alt.Chart(gap_df)
        .mark_text(fontSize=11, color=GREY, fontStyle="italic")
        .encode(x="x:T", y="y:Q", text="label", tooltip=TOOLTIP)
    )

    description = (
        "Chart of the share of code merged into Anthropic's codebase that Claude authored, "
        f"{start[:4]} to {end[:4]}. Before Claude Code's research preview in "
        f"{preview['date_text']}, the essay puts it in the '{before['qualitative']}', drawn as a "
        f"band from {before['value_low']:.0f} to {before['value_high']:.0f} percent whose start "
        f"is not stated. {may['date_text']}: {may['qualifier']} {may['value_low']:.0f} percent, "
        "drawn as a lower bound with an arrow pointing up. The essay gives no figure in between."
    )
    chart = alt.layer(
        band,
        band_edge,
        band_label,
        preview_rule,
        preview_label,
        gap_label,
        bound_arrow,
        bound_head,
        bound_foot,
        bound_label,
    ).properties(width="container", height=300)
    return with_meta(
        chart,
        description=description,
        csv=[*CSV, "timeline.csv"],
        title="Share of the code merged into Anthropic's codebase that Claude authored",
        takeaway=(
            f"From '{before['qualitative']}' before Claude Code's research preview to "
            f"'{may['stated']}' as of {may['date']:%B %Y}, in the essay's words."
        ),
        table=_table.observations_table(rows),
    )


# --------------------------------------------------------------------------- lines of code


def code_per_engineer_chart(metrics: pd.DataFrame | None = None) -> alt.LayerChart:
    """Lines of code merged per engineer per day against the 2024 level, drawn only as stated:
    flat at 1x through 2021-2024, the two inflection points (2025, 2026) as marked years, the
    8x mark in Q2 2026 in both of the essay's wordings, and its own caveat."""
    rows = _frame(
        metrics,
        [
            "loc_per_engineer_2021_2024",
            "loc_per_engineer_2025",
            "loc_per_engineer_2026",
            "loc_per_engineer_q2_2026",
            "code_per_engineer_per_quarter_opening",
        ],
    )
    flat, climb, steeper, body, opening = (rows.iloc[i] for i in range(5))
    start, end = "2021-01-01", "2026-12-31"
    x_scale = alt.Scale(domain=[start, end])
    y_scale = alt.Scale(domain=[0, 9.5], nice=False)
    x_axis = alt.Axis(format="%Y", tickCount="year", title=None)

    flat_df = pd.DataFrame(
        [
            {
                **flat[["what", "stated", "when", "source"]].to_dict(),
                "x": _iso(pd.Series([flat["date"]])).iloc[0],
                "x2": _iso(pd.Series([flat["date_end"]])).iloc[0],
                "y": 1.0,
                "label": f"{flat['qualitative']}: 1× (the {flat['date_end'].year} level)",
            }
        ]
    )
    flat_base = alt.Chart(flat_df)
    flat_line = flat_base.mark_rule(color=BLUE, strokeWidth=4).encode(
        x=alt.X("x:T", scale=x_scale, axis=x_axis),
        x2="x2:T",
        y=alt.Y(
            "y:Q",
            scale=y_scale,
            title=f"Code merged per engineer per day (× {flat['date_end'].year})",
        ),
        tooltip=TOOLTIP,
    )
    flat_label = flat_base.mark_text(
        align="left", baseline="bottom", dy=-6, fontSize=12, color=BLUE
    ).encode(x="x:T", y="y:Q", text="label:N", tooltip=TOOLTIP)

    # The two inflection points: a dashed rule each, numbered at the top; the key explains them.
    turns = pd.concat([climb.to_frame().T, steeper.to_frame().T], ignore_index=True)
    turns["x"] = _iso(pd.to_datetime(turns["date"]))
    turns["top"] = 9.1
    turns["number"] = ["1", "2"]
    turn_base = alt.Chart(turns[["x", "top", "number", "what", "stated", "when", "source"]])
    turn_rules = turn_base.mark_rule(color=GREY, strokeDash=[4, 3]).encode(x="x:T", tooltip=TOOLTIP)
    turn_discs = turn_base.mark_point(
        shape="circle", size=260, filled=True, color=WHITE, stroke=GREY, strokeWidth=1.5
    ).encode(x="x:T", y=alt.Y("top:Q", scale=y_scale), tooltip=TOOLTIP)
    turn_numbers = turn_base.mark_text(fontSize=11, fontWeight="bold", color=GREY).encode(
        x="x:T", y="top:Q", text="number:N", tooltip=TOOLTIP
    )
    key_df = pd.DataFrame(
        [
            {
                "x": start,
                "y": 3.9,
                "label": [
                    line
                    for number, row in (("(1)", climb), ("(2)", steeper))
                    for line in _wrap(
                        f"{number} {row['date'].year}: {row['qualitative']} "
                        f"({_after_colon(row['note'])})",
                        26,
                    )
                ],
                **climb[["what", "stated", "when", "source"]].to_dict(),
            }
        ]
    )
    key = (
        alt.Chart(key_df)
        .mark_text(align="left", baseline="top", dx=4, fontSize=11, color=GREY, lineHeight=14)
        .encode(x="x:T", y="y:Q", text="label", tooltip=TOOLTIP)
    )

    # The rise between the first inflection and Q2 2026: shaded, not drawn as a line.
    gap_df = pd.DataFrame(
        [
            {
                "x": _iso(pd.Series([climb["date"]])).iloc[0],
                "x2": _iso(pd.Series([body["date"]])).iloc[0],
                "low": 1.0,
                "high": float(body["value"]),
                "label_x": "2025-08-01",
                "label_y": 3.2,
                "label": ["path not", "given"],
                "what": "the rise between the inflection points and Q2 2026",
                "stated": "shape not given in the essay's text",
                "when": f"{climb['date_text']} to {body['date_text']}",
                "source": body["source"],
            }
        ]
    )
    gap_base = alt.Chart(gap_df)
    gap = gap_base.mark_rect(color=GREY, opacity=0.08).encode(
        x="x:T", x2="x2:T", y="low:Q", y2="high:Q", tooltip=TOOLTIP
    )
    gap_label = gap_base.mark_text(fontSize=11, color=GREY, fontStyle="italic").encode(
        x="label_x:T", y="label_y:Q", text="label", tooltip=TOOLTIP
    )

    marks = pd.concat([body.to_frame().T, opening.to_frame().T], ignore_index=True)
    marks["x"] = _middle(pd.to_datetime(marks["date"]), pd.to_datetime(marks["date_end"]))
    marks["x_start"] = _iso(pd.to_datetime(marks["date"]))
    marks["x_end"] = _iso(pd.to_datetime(marks["date_end"]))
    marks["y"] = marks["value"].astype(float)
    marks["wording"] = [
        f"per day vs {body['baseline'].removesuffix(' level')} (essay body)",
        f"per quarter vs {opening['baseline']} (essay opening)",
    ]
    # Two-line labels stacked under the marker, so they fit beside the caveat on a phone.
    marks["label"] = [
        [f"{body['value']:.0f}× per day", f"vs {body['baseline'].removesuffix(' level')}"],
        [f"{opening['value']:.0f}× per quarter", f"vs {opening['baseline']}"],
    ]
    marks["dy"] = [14, 46]
    marks = marks[
        ["x", "x_start", "x_end", "y", "wording", "label", "dy", "what", "stated", "when", "source"]
    ]
    wording_scale = alt.Scale(domain=list(marks["wording"]), range=[VERMILION, PURPLE])
    mark_base = alt.Chart(marks)
    quarter = (
        mark_base.transform_filter(alt.datum.dy == marks["dy"].min())
        .mark_rule(color=VERMILION, strokeWidth=3)
        .encode(x="x_start:T", x2="x_end:T", y="y:Q", tooltip=TOOLTIP)
    )
    points = mark_base.mark_point(size=110, strokeWidth=2, filled=False).encode(
        x="x:T",
        y="y:Q",
        # No legend: the labels under the marker name each wording in its colour.
        color=alt.Color("wording:N", scale=wording_scale, legend=None),
        shape=alt.Shape(
            "wording:N",
            scale=alt.Scale(domain=list(marks["wording"]), range=["circle", "square"]),
            legend=None,
        ),
        size=alt.Size(
            "wording:N",
            scale=alt.Scale(domain=list(marks["wording"]), range=[90, 260]),
            legend=None,
        ),
        tooltip=TOOLTIP,
    )
    labels = []
    for i, row in marks.iterrows():
        labels.append(
            alt.Chart(marks.iloc[[i]])
            .mark_text(
                align="right",
                baseline="top",
                dy=int(row["dy"]),
                fontSize=11,
                lineHeight=13,
                color=[VERMILION, PURPLE][i],
            )
            .encode(x="x_end:T", y="y:Q", text="label", tooltip=TOOLTIP)
        )

    caveat_df = pd.DataFrame(
        [
            {
                "x": start,
                "y": 8.6,
                "label": _wrap(
                    "Caveat (the essay): lines of code measure quantity over quality; "
                    f"{body['value']:.0f}× is '{_quoted(body['note'])}'.",
                    28,
                ),
                **body[["what", "stated", "when", "source"]].to_dict(),
            }
        ]
    )
    caveat = (
        alt.Chart(caveat_df)
        .mark_text(align="left", baseline="top", dx=4, fontSize=11, color=BLACK, lineHeight=14)
        .encode(x="x:T", y="y:Q", text="label", tooltip=TOOLTIP)
    )

    description = (
        "Chart of lines of code merged per Anthropic engineer per day, relative to the "
        f"{flat['date_end'].year} level. The essay says it stayed constant from "
        f"{flat['date'].year} to {flat['date_end'].year} (a flat line at 1), began to climb in "
        f"{climb['date'].year} and steepened in {steeper['date'].year} (two dashed markers), and "
        f"reached {body['value']:.0f} times the {flat['date_end'].year} level in "
        f"{body['date_text']}; the essay's opening words the same figure as "
        f"{opening['value']:.0f} times as much code per quarter as in {opening['baseline']}. "
        "The path in between is not given and is shaded, not drawn. The essay's caveat: lines "
        "of code measure quantity over quality, so this overstates the productivity gain."
    )
    chart = alt.layer(
        gap,
        gap_label,
        turn_rules,
        turn_discs,
        turn_numbers,
        key,
        flat_line,
        flat_label,
        caveat,
        quarter,
        points,
        *labels,
    ).properties(width="container", height=320)
    return with_meta(
        chart,
        description=description,
        csv=CSV,
        title="Lines of code merged per engineer per day, relative to the last flat year",
        takeaway=(
            "Flat, then two turning points; the essay gives no path between them, so it is "
            "shaded, not drawn."
        ),
        table=_table.observations_table(rows),
    )


# --------------------------------------------------------------------------- before / after

# The percent figures shown before and after: (row label lines, before id, after id).
_BEFORE_AFTER_ROWS = [
    (
        "Session success, open-ended tasks",
        "session_success_open_ended_6_month_gain",
        "session_success_open_ended_may_2026",
    ),
    (
        "Next step: model beat the human",
        "next_step_opus_4_5",
        "next_step_mythos_preview",
    ),
    (
        "Weak-to-strong: gap recovered",
        "w2s_human_gap_recovered",
        "w2s_agents_gap_recovered",
    ),
]
BEFORE = "Before: earlier model, or humans"
AFTER = "After: later model, or Claude's agents"


def research_before_after_chart(metrics: pd.DataFrame | None = None) -> alt.LayerChart:
    """Before and after, in percent: session success on the most open-ended tasks (six months
    apart), next-step judgement (Opus 4.5 against Mythos Preview) and weak-to-strong supervision
    (two human researchers against Claude's agents), plus the 'high 80s' band for routine tasks.

    The open-ended 'before' is derived: the essay's May 2026 rate less its stated six-month gain.
    """
    frame = (metrics if metrics is not None else data.load("internal_metrics")).set_index(
        "observation_id"
    )
    points = []
    for order, (label, before_id, after_id) in enumerate(_BEFORE_AFTER_ROWS):
        pair = _frame(metrics, [before_id, after_id])
        before, after = pair.iloc[0], pair.iloc[1]
        if before_id == "session_success_open_ended_6_month_gain":
            value = float(after["value"] - before["value"])
            who_before = f"{before['date'].strftime('%b %Y')} (derived)"
            stated = (
                f"{value:.0f}%: {after['value']:.0f}% less the stated gain of "
                f"{before['value']:.0f} points"
            )
            before = before.copy()
            before["what"] = "session success rate, most open-ended tasks, at the start of the gain"
            before["stated"] = stated
        else:
            value = float(before["value"])
            who_before = _who(before, frame)
        points.append({**_point(before, value, who_before), "row": label, "order": order})
        points.append(
            {**_point(after, float(after["value"]), _who(after, frame)), "row": label}
            | {"order": order}
        )
    df = pd.DataFrame(points)
    df["phase"] = [BEFORE, AFTER] * len(_BEFORE_AFTER_ROWS)
    routine = _routine(metrics)
    rows_order = [r[0] for r in _BEFORE_AFTER_ROWS] + [routine.iloc[0]["row"]]

    y = alt.Y(
        "row:N",
        sort=rows_order,
        scale=alt.Scale(domain=rows_order, paddingInner=0.6, paddingOuter=0.25),
        axis=None,
    )
    x = alt.X(
        "value:Q",
        scale=alt.Scale(domain=[0, 100]),
        title="Percent",
        axis=alt.Axis(values=[0, 25, 50, 75, 100]),
    )
    phase_domain = [BEFORE, AFTER]
    base = alt.Chart(df)

    # One grey span per row, from its 'before' to its 'after' value.
    pairs = df.pivot(index="row", columns="phase", values="value")
    spans_df = pd.DataFrame(
        {
            "row": pairs.index,
            "value": pairs[BEFORE].to_numpy(),
            "value2": pairs[AFTER].to_numpy(),
        }
    )
    firsts = df.drop_duplicates("row").set_index("row")
    spans_df["what"] = spans_df["row"]
    spans_df["stated"] = [
        f"{a:.0f}% to {b:.0f}%" for a, b in zip(spans_df["value"], spans_df["value2"], strict=True)
    ]
    spans_df["when"] = [
        f"{df[(df['row'] == r) & (df['phase'] == BEFORE)]['who'].iloc[0]} / "
        f"{df[(df['row'] == r) & (df['phase'] == AFTER)]['who'].iloc[0]}"
        for r in spans_df["row"]
    ]
    spans_df["source"] = list(firsts.loc[spans_df["row"], "source"])
    spans = (
        alt.Chart(spans_df)
        .mark_rule(color=GREY, strokeWidth=2)
        .encode(x=x, x2="value2:Q", y=y, tooltip=TOOLTIP)
    )
    # No legend: the labels under each point say who or when; the caption explains the shapes.
    phase_colour = alt.Color(
        "phase:N", scale=alt.Scale(domain=phase_domain, range=[ORANGE, BLUE]), legend=None
    )
    dots = base.mark_point(size=120, strokeWidth=2.5, opacity=1).encode(
        x=x,
        y=y,
        color=phase_colour,
        shape=alt.Shape(
            "phase:N", scale=alt.Scale(domain=phase_domain, range=["square", "circle"]), legend=None
        ),
        fill=alt.Fill(
            "phase:N", scale=alt.Scale(domain=phase_domain, range=[WHITE, BLUE]), legend=None
        ),
        tooltip=TOOLTIP,
    )
    values = base.mark_text(baseline="top", dy=9, fontSize=11, fontWeight="bold").encode(
        x=x, y=y, text="value_label:N", color=phase_colour, tooltip=TOOLTIP
    )
    # Who or when, under each point. A label sits centred under its point unless that would
    # collide with its pair's label (then 'before' labels end at their point and 'after'
    # labels start at theirs) or run off the right edge (then it ends at its point).
    gap = df.groupby("row")["value"].transform(lambda v: v.max() - v.min())
    df["anchor"] = "center"
    df.loc[(gap < 30) & (df["phase"] == BEFORE), "anchor"] = "right"
    df.loc[(gap < 30) & (df["phase"] == AFTER), "anchor"] = "left"
    df.loc[df["value"] > 85, "anchor"] = "right"
    base = alt.Chart(df)
    who_layers = [
        base.transform_filter(alt.datum.anchor == align)
        .mark_text(align=align, baseline="top", dx=dx, dy=23, fontSize=10, color=GREY)
        .encode(x=x, y=y, text="who:N", tooltip=TOOLTIP)
        for align, dx in (("center", 0), ("right", 8), ("left", -8))
    ]
    titles_df = pd.concat(
        [
            firsts.reset_index()[["row", "what", "stated", "when", "source"]],
            routine[["row", "what", "stated", "when", "source"]],
        ],
        ignore_index=True,
    )
    titles_df["value"] = 0.0
    titles = (
        alt.Chart(titles_df)
        .mark_text(align="left", baseline="bottom", dy=-12, fontSize=12, color=BLACK)
        .encode(x=x, y=y, text="row:N", tooltip=TOOLTIP)
    )
    band = (
        alt.Chart(routine)
        .mark_bar(color=SKY, opacity=0.6, stroke=BLUE, strokeWidth=1, height=14)
        .encode(
            x=alt.X("low:Q", scale=alt.Scale(domain=[0, 100])), x2="high:Q", y=y, tooltip=TOOLTIP
        )
    )
    band_label = (
        alt.Chart(routine)
        .mark_text(align="right", baseline="middle", dx=-6, fontSize=11, color=BLUE)
        .encode(x="low:Q", y=y, text="label:N", tooltip=TOOLTIP)
    )
    r = {row: df[df["row"] == row] for row in df["row"]}
    rt = routine.iloc[0]
    description = (
        "Dot chart of four percentages reported from inside Anthropic, before and after. "
        + (
            " ".join(
                f"{row}: {g.iloc[0]['value']:.0f}% ({g.iloc[0]['who']}) then "
                f"{g.iloc[1]['value']:.0f}% ({g.iloc[1]['who']})."
                for row, g in r.items()
            )
            + f" {rt['row']}: '{rt['qualitative']}' (a write-up's words), "
            f"drawn as a band from {rt['low']:.0f} to {rt['high']:.0f}%."
            " The open-ended 'before' is derived from the essay's stated six-month gain."
        )
    )
    chart = alt.layer(spans, band, band_label, dots, values, *who_layers, titles).properties(
        width="container", height=330
    )
    return with_meta(
        chart,
        description=description,
        csv=CSV,
        title="Research tasks before and after, in percent",
        takeaway=(
            "The later model or Claude's agents (filled circles) against the earlier model or the"
            " humans (hollow squares), as the sources state them."
        ),
        table=_table.observations_table(pd.concat([df, routine], ignore_index=True)),
    )


def _who(row: pd.Series, frame: pd.DataFrame) -> str:
    """Short label under a point: the model and month, or who did the work."""
    subject = str(row["subject"]).removeprefix("Claude ")
    if row["observation_id"] == "w2s_human_gap_recovered":
        people = frame.loc["w2s_human_researchers", "value"]
        weeks = frame.loc["w2s_human_time", "value"]
        return f"{people:.0f} humans, ~{weeks:.0f} week"
    if row["observation_id"] == "w2s_agents_gap_recovered":
        hours = frame.loc["w2s_agents_hours", "value"]
        return f"agents, {hours:.0f} h"
    if pd.notna(row["date"]) and row["subject"] != "Claude Code":
        return f"{subject}, {row['date']:%b %Y}"
    return f"{row['date']:%b %Y}"


# How a label marks a hedged number: about-words as "~", lower bounds as ">".
_HEDGE_MARK = {
    "about": "~",
    "approximately": "~",
    "roughly": "~",
    "around": "~",
    "more than": ">",
    "over": ">",
    "at least": "≥",
}


def _point(row: pd.Series, value: float, who: str) -> dict:
    return {
        "value": value,
        # The source's hedge stays on the number ("roughly 23%" is "~23%", not "23%").
        "value_label": _HEDGE_MARK.get(row.get("qualifier"), "") + f"{value:.0f}%",
        "who": who,
        "what": row["what"],
        "stated": row["stated"],
        "when": row["when"],
        "source": row["source"],
    }


def _routine(metrics: pd.DataFrame | None) -> pd.DataFrame:
    routine = _frame(metrics, ["news_ai_creates_ai_session_success_routine"])
    routine["row"] = "Session success, routine tasks"
    routine["low"] = routine["value_low"].astype(float)
    routine["high"] = routine["value_high"].astype(float)
    routine["label"] = routine["qualitative"] + " (write-up)"
    return routine[
        ["row", "low", "high", "label", "qualitative", "what", "stated", "when", "source"]
    ]


# --------------------------------------------------------------------------- speedup


def speedup_chart(metrics: pd.DataFrame | None = None) -> alt.LayerChart:
    """The speedup task on a log scale: Opus 4's ~3x (May 2025), Mythos Preview's ~52x
    (April 2026), and the human calibration: 4x in four to eight hours."""
    rows = _frame(
        metrics,
        ["code_speedup_opus_4", "code_speedup_mythos_preview", "code_speedup_human_hours_to_4x"],
    )
    opus, mythos, human = rows.iloc[0], rows.iloc[1], rows.iloc[2]
    human_target = 4.0  # the essay: 'would need four to eight hours to reach 4x'
    if f"reach {human_target:.0f}x" not in human["quote"]:
        raise ValueError("the human calibration row no longer says 'reach 4x'")
    df = pd.DataFrame(
        [
            {
                "who": f"{opus['subject'].removeprefix('Claude ')} ({opus['date']:%b %Y})",
                "value": float(opus["value"]),
                "label": f"~{opus['value']:.0f}× (average)",
                "kind": "Claude model",
            },
            {
                "who": f"{mythos['subject'].removeprefix('Claude ')} ({mythos['date']:%b %Y})",
                "value": float(mythos["value"]),
                "label": f"~{mythos['value']:.0f}×",
                "kind": "Claude model",
            },
            {
                "who": "Skilled human researcher",
                "value": human_target,
                "label": (
                    f"{human_target:.0f}× in {human['value_low']:.0f} to "
                    f"{human['value_high']:.0f} hours"
                ),
                "kind": "Human calibration",
            },
        ]
    )
    for column in ["what", "stated", "when", "source"]:
        df[column] = list(rows[column])
    df["one"] = 1.0
    order = list(df["who"])
    # Row names sit above each bar (not as axis labels) so the bars keep the width on a phone.
    y = alt.Y(
        "who:N",
        sort=order,
        axis=None,
        scale=alt.Scale(domain=order, paddingInner=0.5, paddingOuter=0.3),
    )
    x = alt.X(
        "value:Q",
        scale=alt.Scale(type="log", domain=[1, 100]),
        title="Speedup over the starting code (×, log scale)",
        axis=alt.Axis(values=[1, 2, 4, 10, 20, 50, 100], format="~s", labelOverlap="greedy"),
    )
    kind_scale = alt.Scale(domain=["Claude model", "Human calibration"], range=[BLUE, ORANGE])
    base = alt.Chart(df)
    stems = base.mark_bar(height=6).encode(
        x=x,
        x2="one:Q",
        y=y,
        color=alt.Color("kind:N", scale=kind_scale, legend=None),
        tooltip=TOOLTIP,
    )
    heads = base.mark_point(size=140, strokeWidth=2.5).encode(
        x=x,
        y=y,
        color=alt.Color("kind:N", scale=kind_scale, title=None),
        shape=alt.Shape(
            "kind:N",
            scale=alt.Scale(
                domain=["Claude model", "Human calibration"], range=["circle", "diamond"]
            ),
            title=None,
        ),
        fill=alt.Fill(
            "kind:N",
            scale=alt.Scale(domain=["Claude model", "Human calibration"], range=[BLUE, WHITE]),
            legend=None,
        ),
        tooltip=TOOLTIP,
    )
    names = base.mark_text(
        align="left", baseline="bottom", dy=-12, fontSize=12, color=BLACK
    ).encode(
        x=alt.X("one:Q", scale=alt.Scale(type="log", domain=[1, 100])),
        y=y,
        text="who:N",
        tooltip=TOOLTIP,
    )
    labels = base.mark_text(align="left", baseline="middle", dx=10, fontSize=11).encode(
        x=x,
        y=y,
        text="label:N",
        color=alt.Color("kind:N", scale=kind_scale, legend=None),
        tooltip=TOOLTIP,
    )
    description = (
        "Lollipop chart on a log scale of the speedup Claude achieved on Anthropic's code-speed "
        f"task: {opus['subject']} averaged about {opus['value']:.0f} times in "
        f"{opus['date']:%B %Y}; {mythos['subject']} reached about {mythos['value']:.0f} times by "
        f"{mythos['date']:%B %Y}. For calibration, a skilled human researcher needs "
        f"{human['value_low']:.0f} to {human['value_high']:.0f} hours to reach "
        f"{human_target:.0f} times."
    )
    chart = alt.layer(stems, heads, names, labels).properties(width="container", height=220)
    return with_meta(
        chart,
        description=description,
        csv=CSV,
        title="How much faster Claude made the starting code on the speedup task",
        takeaway=(
            "On a log scale, against the essay's human calibration: a skilled researcher given a "
            "few hours."
        ),
        table=_table.observations_table(df),
    )


# --------------------------------------------------------------------------- code quality

_QUALITY_LEVEL = {
    "worse": "worse",
    "slightly inferior": "worse",
    "gap closed": "parity",
    "parity": "parity",
    "better (expected)": "better",
}
_QUALITY_IDS = [
    "code_quality_late_2025",
    "code_quality_mid_2026",
    "code_quality_expected",
    "news_internal_metrics_code_quality_early_2025",
    "news_internal_metrics_code_quality_late_2025",
    "news_internal_metrics_code_quality_mid_2026",
    "news_internal_metrics_code_quality_expected",
]


def code_quality_chart(metrics: pd.DataFrame | None = None) -> alt.LayerChart:
    """Claude-written code against human-written code, in words: worse, parity, better
    (expected), as the essay and one write-up date them. Each statement is a bar over the
    period its words denote; expectations are dashed and hollow."""
    df = _frame(metrics, _QUALITY_IDS)
    df["level"] = df["qualitative"].map(_QUALITY_LEVEL)
    if df["level"].isna().any():
        unknown = df.loc[df["level"].isna(), "qualitative"].iloc[0]
        raise ValueError(f"no quality level for the words {unknown!r}")
    df["x"] = _iso(df["date"])
    df["x2"] = _iso(df["date_end"])
    df["who"] = df["source_id"].map(
        lambda s: "Essay" if s == "essay_when_ai_builds_itself" else "BestHub summary"
    )
    df["status"] = (
        df["qualitative"].str.contains("expected").map({True: "Expected", False: "Reported"})
    )
    df["label"] = df["qualitative"].str.replace("(expected)", "expected", regex=False)
    df = df[["x", "x2", "level", "who", "status", "label", "what", "stated", "when", "source"]]
    levels = ["better", "parity", "worse"]
    who_order = ["Essay", "BestHub summary"]
    y = alt.Y(
        "level:N",
        sort=levels,
        scale=alt.Scale(domain=levels, paddingInner=0.25),
        title="Claude's code vs human code",
        axis=alt.Axis(labelFontSize=12, labelFontWeight="bold"),
    )
    y_offset = alt.YOffset("who:N", sort=who_order, scale=alt.Scale(domain=who_order))
    x = alt.X(
        "x:T",
        title=None,
        scale=alt.Scale(domain=["2025-01-01", "2027-06-30"]),
        axis=alt.Axis(format="%b %Y", tickCount=5, labelOverlap=True),
    )
    who_colour = alt.Scale(domain=who_order, range=[BLUE, ORANGE])
    base = alt.Chart(df)
    bars = base.mark_bar(strokeWidth=2, height={"band": 0.85}).encode(
        x=x,
        x2="x2:T",
        y=y,
        yOffset=y_offset,
        color=alt.Color("who:N", scale=who_colour, title=None, sort=who_order),
        stroke=alt.Stroke("who:N", scale=who_colour, title=None, sort=who_order),
        fillOpacity=alt.FillOpacity(
            "status:N",
            scale=alt.Scale(domain=["Reported", "Expected"], range=[0.4, 0.08]),
            legend=None,
        ),
        strokeDash=alt.StrokeDash(
            "status:N",
            scale=alt.Scale(domain=["Reported", "Expected"], range=[[1, 0], [4, 3]]),
            legend=None,
        ),
        tooltip=TOOLTIP,
    )
    # The source's own words on each bar (dark text: the fills are light), starting at the
    # bar's start; a bar followed closely by another in its row has its words end at its end.
    starts = pd.to_datetime(df["x"])
    ends = pd.to_datetime(df["x2"])
    crowded = [
        any(
            (df["level"] == df.at[i, "level"])
            & (df["who"] == df.at[i, "who"])
            & (starts > ends[i])
            & (starts - ends[i] < pd.Timedelta(days=183))
        )
        for i in df.index
    ]
    df["anchor"] = ["end" if c else "start" for c in crowded]
    base = alt.Chart(df)
    words = [
        base.transform_filter(alt.datum.anchor == anchor)
        .mark_text(align=align, baseline="middle", dx=dx, fontSize=11, color=BLACK)
        .encode(x=field, y=y, yOffset=y_offset, text="label:N", tooltip=TOOLTIP)
        for anchor, align, dx, field in (
            ("start", "left", 4, x),
            ("end", "right", -4, alt.X("x2:T")),
        )
    ]
    description = (
        "Timeline chart of how Claude-written code compares with human-written code at "
        "Anthropic, in the sources' words. The essay: worse in late 2025, roughly at parity "
        "today (mid-2026), expected to be better within the year. The BestHub summary: slightly "
        "inferior in early 2025, the gap closed by late 2025, parity by mid-2026, better "
        "expected within the next year. Expectations are drawn dashed and hollow."
    )
    chart = alt.layer(bars, *words).properties(width="container", height=240)
    return with_meta(
        chart,
        description=description,
        csv=CSV,
        title="Claude-written code against human-written code, in the sources' words",
        takeaway=(
            "Each bar covers the period its words denote; dashed, pale bars are expectations, not"
            " measurements."
        ),
        table=_table.observations_table(df),
    )
