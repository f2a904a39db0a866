"""Known vulnerabilities in the pinned runtime requirements, by pip-audit; one summary line at the end.

Usage: .venv/bin/python scripts/audit_requirements.py [requirements/base.txt]

pip-audit asks PyPI's JSON API for each pinned version. Offline, or behind a mirror that does not
serve that API, it audits nothing: it then either fails to connect or skips every package as "not
found", and says "No known vulnerabilities found" all the same. Both cases are reported here as
skipped, so that a run that checked nothing never reads as a clean bill. Exit status 1 only when a
known vulnerability was found.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def audit(requirements: str) -> tuple[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip", "--progress-spinner", "off"]
        command += ["--requirement", requirements, "--format", "json", "--output", str(report)]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except FileNotFoundError:
            return "skipped: pip-audit is not installed", 0
        except subprocess.TimeoutExpired:
            return "skipped: no vulnerability service reachable (timed out)", 0
        if "No module named pip_audit" in run.stderr:
            return "skipped: pip-audit is not installed", 0
        if not report.exists() or not report.read_text().strip():
            return "skipped: no vulnerability service reachable", 0
        dependencies = json.loads(report.read_text())["dependencies"]
    audited = [row for row in dependencies if "skip_reason" not in row]
    if not audited:
        return f"skipped: no vulnerability service reachable (none of {len(dependencies)} pins could be looked up)", 0
    found = [(row["name"], row["version"], vuln) for row in audited for vuln in row.get("vulns", [])]
    for name, version, vuln in found:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        print(f"{name} {version}: {vuln['id']} (fixed in {fixes})")
    unaudited = len(dependencies) - len(audited)
    note = f", {unaudited} could not be looked up" if unaudited else ""
    if found:
        return f"FAILED: {len(found)} known vulnerabilities in {len(audited)} audited pins{note}", 1
    return f"ok: no known vulnerabilities in {len(audited)} pins{note}", 0


if __name__ == "__main__":
    summary, status = audit(sys.argv[1] if len(sys.argv) > 1 else "requirements/base.txt")
    print(f"pip-audit: {summary}")
    sys.exit(status)
