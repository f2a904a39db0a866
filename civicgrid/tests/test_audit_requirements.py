"""scripts/audit_requirements.py: a pip-audit run that checked nothing never reads as a clean bill."""

import importlib.util
import json
import subprocess
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "audit_requirements.py"
spec = importlib.util.spec_from_file_location("audit_requirements", SCRIPT)
audit_requirements = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_requirements)


def pip_audit_answering(monkeypatch, dependencies):
    """pip-audit stood in for: it writes `dependencies` as its JSON report (None: it writes nothing)."""

    def run(command, **_kwargs):
        if dependencies is not None:
            Path(command[command.index("--output") + 1]).write_text(json.dumps({"dependencies": dependencies}))
        return subprocess.CompletedProcess(command, 0 if dependencies is not None else 1, "", "ConnectionError")

    monkeypatch.setattr(audit_requirements.subprocess, "run", run)


def test_no_report_at_all_is_skipped_without_failing(monkeypatch):
    pip_audit_answering(monkeypatch, None)
    assert audit_requirements.audit("requirements/base.txt") == ("skipped: no vulnerability service reachable", 0)


def test_every_pin_skipped_as_not_found_is_skipped_without_failing(monkeypatch):
    pip_audit_answering(monkeypatch, [{"name": "django", "skip_reason": "Dependency not found on PyPI"}])
    summary, status = audit_requirements.audit("requirements/base.txt")
    assert summary.startswith("skipped: no vulnerability service reachable") and status == 0


def test_a_known_vulnerability_fails_the_step(monkeypatch):
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["5.2.99"]}
    pip_audit_answering(monkeypatch, [{"name": "django", "version": "5.2.19", "vulns": [vuln]}])
    assert audit_requirements.audit("requirements/base.txt") == ("FAILED: 1 known vulnerabilities in 1 audited pins", 1)


def test_audited_pins_without_vulnerabilities_are_ok(monkeypatch):
    pip_audit_answering(monkeypatch, [{"name": "django", "version": "5.2.19", "vulns": []}])
    assert audit_requirements.audit("requirements/base.txt") == ("ok: no known vulnerabilities in 1 pins", 0)
