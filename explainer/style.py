"""The book's colours, named by what they are for, and its one phone breakpoint.

Charts, the render theme and the widgets use these roles, never literal colours or indexes
into a palette, so a colour is changed in one place and the loader's dark mode is exact: each
role has a light value (what a chart is compiled with) and a dark value, and `dark_map()` is
the table the loader uses to swap one for the other (see `static/explainer-charts.js`).

The hues are Okabe & Ito's, distinguishable with every common colour-vision deficiency; the
dark values are lighter versions of the same hues, so a mark keeps its meaning in dark mode and
stays readable on the dark background (at least 4.5:1 for text roles).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """A colour role: its value on the light page and on the dark page."""

    light: str
    dark: str


# Neutral roles: text, secondary text, lines, the page.
INK = Role("#222222", "#ced6dd")  # text and marks that must read as text
MUTED = Role("#6b6b6b", "#9ca4af")  # secondary text, context marks, annotations
FAINT = Role("#b3b3b3", "#4d5561")  # background marks: shaded periods, inactive points
RULE = Role("#e5e5e5", "#29313d")  # grid lines and separators
PAPER = Role("#ffffff", "#14181e")  # the page behind a chart
# The three projection families (scenarios page, and wherever a family is drawn).
EXPONENTIAL = Role("#0072B2", "#56B4E9")  # blue
ACCELERATING = Role("#D55E00", "#F5793A")  # vermillion
PLATEAU = Role("#009E73", "#2FC89B")  # bluish green
# Sources and highlights.
METR = Role("#0072B2", "#56B4E9")  # METR's measurements (blue, as the exponential trend)
ESSAY = Role("#D55E00", "#F5793A")  # the essay's own figures (vermillion)
WRITEUPS = Role("#CC79A7", "#E3A6C9")  # the news write-ups (reddish purple)
HIGHLIGHT = Role("#E69F00", "#F2B93B")  # a second series or a highlighted part (orange)
HIGHLIGHT_SOFT = Role("#F0E442", "#F0E442")  # beside HIGHLIGHT, a lesser degree (yellow)
# A chart's own series, where no source or family colours it.
PRIMARY = Role("#0072B2", "#56B4E9")  # the series a chart is about (blue)
PRIMARY_FILL = Role("#56B4E9", "#2B6E99")  # a band or bar under that series (sky blue)
SECOND = Role("#009E73", "#2FC89B")  # a second series beside it (bluish green)

# The families by name (`explainer.trends.FAMILIES`): colour, and a dash pattern each, so a
# family is told apart by more than colour (every projection is dashed: not data).
FAMILY_COLOURS: dict[str, Role] = {
    "exponential": EXPONENTIAL,
    "accelerating": ACCELERATING,
    "plateau": PLATEAU,
}
FAMILY_DASHES: dict[str, list[int]] = {
    "exponential": [6, 4],
    "accelerating": [2, 3],
    "plateau": [12, 3, 3, 3],
}
# A fitted line is solid; its projection beyond the data is dashed.
FIT_DASH, PROJECTION_DASH = [1, 0], [6, 4]

# Every role by name (for tests and the dark map).
ROLES: dict[str, Role] = {
    name.lower(): value for name, value in dict(globals()).items() if isinstance(value, Role)
}

# Colours of categories with no meaning of their own (e.g. eras on the timeline), in order.
CATEGORICAL: tuple[Role, ...] = (EXPONENTIAL, ACCELERATING, PLATEAU, WRITEUPS, HIGHLIGHT)

# The one phone breakpoint, in CSS pixels: below it charts stack their texts and tables
# reflow (`explainer.css` uses the same number).
PHONE_MAX_WIDTH = 420
# The same test as a Vega expression, for charts that lay out by their own width.
NARROW = f"(width < {PHONE_MAX_WIDTH})"


def dark_map() -> dict[str, str]:
    """Light colour -> dark colour for every role (lower-case hex), for the loader."""
    mapping: dict[str, str] = {}
    for role in ROLES.values():
        mapping.setdefault(role.light.lower(), role.dark.lower())
    return mapping
