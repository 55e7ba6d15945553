"""The virus scanner's part in `/readyz`: it must answer, or evidence uploads stay blocked (fail closed)."""

from __future__ import annotations

from workforce_hub.core.health import register

from .files import get_scanner


@register("virus scanner")
def scanner_answers() -> str:
    scanner = get_scanner()
    if scanner.scan(b"readiness check") != "clean":
        raise RuntimeError("it called a plain text infected")
    return f"{type(scanner).__name__} answers"
