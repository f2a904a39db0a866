"""Add up pytest's JUnit XML reports into one closing line: 'summary: N passed, N failed, N skipped'."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for name in sys.argv[1:]:
    path = Path(name)
    if not path.exists():
        print(f"{path.stem}: no report (the run did not start)")
        totals["errors"] += 1
        continue
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    run = {key: sum(int(suite.get(key, 0)) for suite in suites) for key in totals}
    for key in totals:
        totals[key] += run[key]
    passed = run["tests"] - run["failures"] - run["errors"] - run["skipped"]
    print(
        f"{path.stem.removeprefix('junit-')}: {passed} passed, {run['failures'] + run['errors']} failed, "
        f"{run['skipped']} skipped"
    )
passed = totals["tests"] - totals["failures"] - totals["errors"] - totals["skipped"]
print(f"summary: {passed} passed, {totals['failures'] + totals['errors']} failed, {totals['skipped']} skipped")
