"""Numbers glued into the data-and-methods appendix: the model's constants and settings."""

from __future__ import annotations

from explainer import data, trends


def numbers() -> dict[str, float | str]:
    """Glue name -> value for chapters/data-and-methods.md."""
    hours = {label: mins / trends.MINUTES_PER_HOUR for label, mins in trends.MILESTONES.items()}
    return {
        "bootstrap_reps": trends.BOOTSTRAP_REPS,
        "bootstrap_seed": trends.BOOTSTRAP_SEED,
        "days_per_month": trends.DAYS_PER_MONTH,
        "work_day_hours": hours["1 work day"],
        "work_week_hours": hours["1 work week"],
        "work_month_hours": hours["1 work month"],
        "work_year_hours": hours["1 work year"],
        "data_files": len(data.resources()),
        "disagreements": len(data.disagreements()),
    }
