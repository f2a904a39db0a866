"""This app's entries in the staff navigation (collected by civicgrid.navigation)."""

ITEMS: list = []
