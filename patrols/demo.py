"""Demo data for the patrols app (called by load_demo)."""


def load(stdout=None) -> dict:
    return {}
