"""The supply-chain audit (scripts/supply_chain_audit.py) reads pip-audit's and npm audit's JSON: it fails on a
vulnerability with a fix, not on one without, and says "not checked" when the advisory database cannot be reached,
failing then only when asked to."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

AUDIT = runpy.run_path(str(Path(__file__).resolve().parents[2] / "scripts" / "supply_chain_audit.py"))

PIP_AUDIT = {  # the shape of `pip-audit -f json` (2.10)
    "dependencies": [
        {"name": "django", "version": "5.2", "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["5.2.1"]}]},
        {"name": "oldlib", "version": "1.0", "vulns": [{"id": "GHSA-xxxx", "fix_versions": []}]},
        {"name": "fine", "version": "2.0", "vulns": []},
        {"name": "private", "skip_reason": "Dependency not found on PyPI and could not be audited: private (1.0)"},
    ],
    "fixes": [],
}
NPM_AUDIT = {  # the shape of `npm audit --json` (npm 9 and later)
    "auditReportVersion": 2,
    "vulnerabilities": {
        "vega": {"severity": "high", "fixAvailable": True, "range": "<6.1.0"},
        "unfixed": {"severity": "low", "fixAvailable": False, "range": "*"},
        "via-parent": {"severity": "moderate", "fixAvailable": {"name": "vega-embed", "version": "7.3.0"}},
    },
}


def test_only_vulnerabilities_with_a_fix_are_findings() -> None:
    found, skipped = AUDIT["python_findings"](PIP_AUDIT)
    assert found == ["django 5.2: PYSEC-2026-1 (fixed in 5.2.1)"]
    # a package pip-audit could not look up is not a pass (here: every one, as PyPI's JSON API cannot be reached)
    assert skipped == ["private: Dependency not found on PyPI and could not be audited: private (1.0)"]
    assert AUDIT["npm_findings"](NPM_AUDIT) == ["vega (high severity): <6.1.0", "via-parent (moderate severity)"]
    assert AUDIT["python_findings"]({"dependencies": []}) == ([], [])
    assert AUDIT["npm_findings"]({"vulnerabilities": {}}) == []


def test_an_unreachable_audit_endpoint_is_recognised() -> None:
    refused = {  # what npm 10 prints on this project's machines
        "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
        "statusCode": 405,
        "error": {"summary": "", "detail": ""},
    }
    assert AUDIT["npm_unreachable"](refused).startswith("405 Method Not Allowed - POST")
    assert AUDIT["npm_unreachable"]({"error": {"code": "ENOTFOUND", "summary": "getaddrinfo\nmore"}}) == "getaddrinfo"
    assert AUDIT["npm_unreachable"]({"error": {}}) == "an error with no message"
    assert AUDIT["npm_unreachable"](NPM_AUDIT) is None


@pytest.mark.parametrize(
    ("python", "npm", "require", "code", "said"),
    [
        (([], None), ([], None), False, 0, "no known vulnerability"),
        ((["django 5.2: X (fixed in 5.2.1)"], None), ([], None), False, 1, "1 known vulnerabilities"),
        (([], "cannot be reached: HTTP 404"), ([], None), False, 0, "NOT CHECKED"),
        (([], "cannot be reached: HTTP 404"), ([], None), True, 1, "NOT CHECKED"),
        ((["a finding"], "3 of 9 packages could not be audited"), ([], None), False, 1, "NOT CHECKED"),
    ],
)
def test_the_outcome(monkeypatch: Any, capsys: Any, python: Any, npm: Any, require: bool, code: int, said: str) -> None:
    main = AUDIT["main"]
    monkeypatch.setitem(main.__globals__, "audit_python", lambda: python)
    monkeypatch.setitem(main.__globals__, "audit_npm", lambda: npm)
    monkeypatch.setattr("sys.argv", ["supply_chain_audit.py", *(["--require"] if require else [])])
    assert main() == code
    assert said in capsys.readouterr().out
