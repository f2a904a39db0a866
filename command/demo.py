"""Demo data for the command centre: the default score schemes, and rollups of the demo cases."""

from command import rollup
from command.kpis import DEFAULT_BANDS, SCORED
from command.models import ScoreScheme


def load(stdout=None) -> dict:
    created = 0
    for subject, spec in SCORED.items():
        _row, made = ScoreScheme.objects.get_or_create(
            subject=subject, defaults={"weights": spec["weights"], "bands": DEFAULT_BANDS}
        )
        created += made
    return {"score_schemes": created}


def load_rollups(stdout=None) -> dict:
    """Bring the KPI rollups up to the demo cases just walked (the worker would do it a moment later)."""
    return {"events_applied": rollup.apply_pending()}
