"""The notifications app knows no other module's workflow: it imports none of them (issue 16, item 8).

Cases and the other modules hand it events and messages through its services and their message sources
(civicgrid.plugins.MessageSource); an import the other way would bring back the circle this app replaced."""

import ast
from pathlib import Path

from django.apps import apps

# It may use civicgrid and accounts (the users and departments messages go to), no module with a workflow.
ALLOWED = {"notifications", "civicgrid", "accounts"}


def test_the_app_imports_no_workflow_module():
    root = Path(__file__).resolve().parent.parent
    ours = {c.name for c in apps.get_app_configs() if Path(c.path).parent == root.parent} - ALLOWED
    assert "cases" in ours
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in ours]
    assert found == []
