"""Demo data for the command app (called by load_demo)."""


def load(stdout=None) -> dict:
    return {}
