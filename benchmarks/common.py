"""What the Hub's benchmarks share: timing (median after a warm-up), a fresh database per run (a SQLite file or a
new PostgreSQL database, dropped afterwards), and a child process per run so that memory is measured per run."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://hub:hub@127.0.0.1:5432/postgres")


def timed(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Median seconds of `repeat` runs after one warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:  # any failure to connect means: no PostgreSQL here
        return False


def run_child(script: str, args: list[str], vendor: str, name: str, workdir: Path) -> dict[str, Any]:
    """Run `script --child ARGS` against a fresh database called `name` (a file in `workdir` for SQLite); returns
    the JSON the child prints last, or {"error": ...}. The database is removed afterwards."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    db = workdir / f"{name}.sqlite3"
    if vendor == "sqlite":
        db.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{db}"
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        out = subprocess.run(
            [sys.executable, script, "--child", *args], env=env, capture_output=True, text=True, check=True
        )
    except subprocess.CalledProcessError as exc:
        return {"error": exc.stderr.strip().splitlines()[-1:]}
    finally:
        if vendor == "sqlite":
            db.unlink(missing_ok=True)
        else:
            import psycopg

            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run_on_databases(script: str, name: str, databases: str) -> list[dict[str, Any]]:
    """Run `script --child` once per database in `databases` ("sqlite,postgresql"), each on a fresh database called
    `name`; PostgreSQL is skipped (with a note) where it cannot be reached. Returns each run's result."""
    import tempfile

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for vendor in databases.split(","):
            if vendor == "postgresql" and not pg_available():
                print("PostgreSQL is not reachable at BENCH_PG_URL: skipped", file=sys.stderr)
                continue
            result = {"vendor": vendor, **run_child(script, [], vendor, name, Path(tmp))}
            print(json.dumps(result), file=sys.stderr)
            results.append(result)
    return results
