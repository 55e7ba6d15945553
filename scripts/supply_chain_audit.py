"""Known vulnerabilities in what the Hub installs (SECURITY.md 21): `pip-audit` over the packages pinned in
`uv.lock`, and `npm audit` over the front-end packages the Hub ships (`--omit=dev`). It fails when a vulnerability
has a fixed version to move to, and lists each one.

Both need an advisory database on the internet: pip-audit reads PyPI's JSON API for each pinned version, npm
audit the registry's audit endpoint. Where one cannot be used (pip-audit then skips a package: "not found on
PyPI") it says NOT CHECKED, and fails only with `--require`: a check that could not run is neither a pass nor a
failure. This project's own machines reach the package indexes but not those databases, so `.ci/run` runs it
without `--require`; a partnership's CI with the internet should run it with `--require`.

    .venv/bin/python scripts/supply_chain_audit.py [--require]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def python_findings(report: dict[str, Any]) -> tuple[list[str], list[str]]:
    """From `pip-audit -f json`: each vulnerability that a newer version fixes, as a line; and the packages it
    could not audit (a skip reason: PyPI did not answer for that version), which are not a pass."""
    found, skipped = [], []
    for dep in report.get("dependencies", []):
        if dep.get("skip_reason"):
            skipped.append(f"{dep['name']}: {dep['skip_reason']}")
        for vuln in dep.get("vulns", []):
            if vuln.get("fix_versions"):
                found.append(
                    f"{dep['name']} {dep.get('version', '?')}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions'])})"
                )
    return found, skipped


def npm_findings(report: dict[str, Any]) -> list[str]:
    """From `npm audit --json`: each vulnerable package with a fix available, as a line."""
    out = []
    for name, vuln in sorted(report.get("vulnerabilities", {}).items()):
        if vuln.get("fixAvailable"):
            out.append(f"{name} ({vuln.get('severity', 'unknown')} severity): {vuln.get('range', '')}".rstrip(": "))
    return out


def npm_unreachable(report: dict[str, Any]) -> str | None:
    """Why npm audit could not ask the registry (None when it could)."""
    error = report.get("error")
    if error is None:
        return None
    lines = [
        str(text).strip()
        for text in (
            report.get("message"),
            isinstance(error, dict) and (error.get("summary") or error.get("code")),
            report.get("statusCode") and f"HTTP {report['statusCode']}",
        )
        if text
    ]
    return (lines[0].splitlines()[0] if lines else "an error with no message")[:200]


def audit_python() -> tuple[list[str], str | None]:
    uv = shutil.which("uv") or f"{sys.executable} -m uv"
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        exported = subprocess.run(  # noqa: S603  (fixed arguments)
            [*uv.split(), "export", "--frozen", "--no-hashes", "--no-emit-project", "-o", str(requirements)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if exported.returncode:
            raise SystemExit(f"uv export failed: {exported.stderr.strip()}")
        done = subprocess.run(  # noqa: S603  (fixed arguments)
            [
                *(str(Path(sys.executable).with_name("pip-audit")), "-r", str(requirements)),
                *("--no-deps", "--disable-pip", "-f", "json", "--progress-spinner", "off"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return [], f"pip-audit could not run: {done.stderr.strip().splitlines()[-1:] or done.returncode}"
    found, skipped = python_findings(report)
    if skipped:
        total = len(report.get("dependencies", []))
        return found, f"{len(skipped)} of {total} packages could not be audited, such as {skipped[0]}"
    return found, None


def audit_npm() -> tuple[list[str], str | None]:
    npm = shutil.which("npm")
    if npm is None:
        return [], "npm is not installed"
    done = subprocess.run(  # noqa: S603  (fixed arguments)
        [npm, "audit", "--omit=dev", "--json"], cwd=ROOT, capture_output=True, text=True
    )
    try:
        report = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        return [], f"npm audit could not run: {done.stderr.strip()[:200]}"
    why = npm_unreachable(report)
    if why:
        return [], f"npm's audit endpoint cannot be used: {why}"
    return npm_findings(report), None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--require", action="store_true", help="fail when an advisory database cannot be reached")
    args = parser.parse_args()
    failed = False
    for label, check in (("Python packages (uv.lock)", audit_python), ("front-end packages", audit_npm)):
        findings, not_run = check()
        if findings:
            print(f"{label}: {len(findings)} known vulnerabilities with a fix available:")
            for line in findings:
                print(f"  - {line}")
            failed = True
        if not_run:
            print(f"{label}: NOT CHECKED. {not_run}")
            failed |= args.require
        elif not findings:
            print(f"{label}: no known vulnerability with a fix available")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
