"""Smoke run of the production process list (deploy/Procfile) on PostgreSQL, as CI runs it after the tests.

    python scripts/production_smoke.py        (needs PostgreSQL at SMOKE_PG_URL and ClamAV's clamd)

It makes a new database, runs the release step (migrate, createcachetable, collectstatic), loads the demo, and
starts two web processes (gunicorn, production settings), two task workers and the scheduler, with ClamAV's daemon
holding a locally built signature database (the EICAR test signature; no download). Then, over HTTP as a browser
would, behind a TLS proxy:

- /healthz and /readyz answer on both web processes (database, migrations, task queue, virus scanner);
- an invited member of staff signs in through an OpenID Connect provider on loopback (panva's oidc-provider, the
  organisation's identity provider), matched by the e-mail address it verified;
- an apprentice signs in on one web process and uploads evidence on the other: a clean PDF is released, the same
  PDF carrying the EICAR test string is held back as infected — the production scanner path end to end;
- a coordinator's API token queues a scheduled job, and a worker runs it once;
- `manage.py backup` then `manage.py restore` into a second new database: the same rows and the same file hashes.

Every process must still be running at the end and no log may hold a traceback. Exit 0 when all passed.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from workforce_hub.accounts.tests.oidc import BehindProxy, oidc_provider, sign_in  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
PG = os.environ.get("SMOKE_PG_URL", "postgres://hub:hub@127.0.0.1:5432/postgres")
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
WEB_PORTS = (8101, 8102)
CLAMD_PORT = 3311
DEMO_PASSWORD = "Demo-Workforce-Hub-2026"


def step(text: str) -> None:
    print(f"== {text}", flush=True)


def wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Nothing listens on port {port} after {seconds:g} s")


def database(name: str) -> str:
    import psycopg

    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return PG.rsplit("/", 1)[0] + f"/{name}"


def drop(name: str) -> None:
    import psycopg

    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class Browser:
    """Just enough of a browser for the smoke run: cookies kept by hand (they are Secure, and the hop from the
    proxy is plain HTTP), the proxy's X-Forwarded-Proto, and CSRF's Origin and Referer."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self, port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        origin = f"https://127.0.0.1:{port}"
        sent = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Referer": origin + path,
            **({"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}),
            **(headers or {}),
        }
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def csrf(self, port: int, path: str) -> str:
        status, _, text = self.request(port, "GET", path)
        assert status == 200, (path, status)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def post_form(self, port: int, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], str]:
        from urllib.parse import urlencode

        body = urlencode({"csrfmiddlewaretoken": self.csrf(port, path), **fields}).encode()
        return self.request(port, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_file(
        self, port: int, path: str, fields: dict[str, str], name: str, filename: str, content: bytes
    ) -> tuple[int, dict[str, str], str]:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in {"csrfmiddlewaretoken": self.csrf(port, path), **fields}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(port, "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def pdf(text: str) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.multi_cell(0, 8, text)
    return bytes(doc.output())


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def shell(env: dict[str, str], code: str) -> Any:
    """Run Python in the Hub (production settings); it prints one JSON line last."""
    out = manage(env, "shell", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="hub-smoke-"))
    processes: dict[str, subprocess.Popen[bytes]] = {}
    logs: dict[str, Path] = {}
    stack = ExitStack()

    def start(name: str, command: list[str], env: dict[str, str]) -> None:
        logs[name] = work / f"{name}.log"
        processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=logs[name].open("wb"), stderr=subprocess.STDOUT
        )

    try:
        step("ClamAV's daemon with a local signature database (the EICAR test signature)")
        clamd = shutil.which("clamd") or "/usr/sbin/clamd"
        if not Path(clamd).exists():
            raise SystemExit("clamd is not installed (apt-get install clamav-daemon)")
        (work / "clamav").mkdir()
        (work / "clamav" / "hub-test.ndb").write_text(f"Hub-Eicar-Test-Signature:0:*:{EICAR.hex()}\n")
        (work / "clamd.conf").write_text(
            f"DatabaseDirectory {work / 'clamav'}\nTCPSocket {CLAMD_PORT}\nTCPAddr 127.0.0.1\nForeground yes\n"
        )
        start("clamd", [clamd, "-c", str(work / "clamd.conf")], dict(os.environ))
        wait_port(CLAMD_PORT, 120)

        step("release step on a new PostgreSQL database, production settings")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "workforce_hub.config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database("hub_smoke"),
            "HUB_DATA_DIR": str(work / "data"),
            "HUB_BASE_URL": f"https://127.0.0.1:{WEB_PORTS[0]}",
            "HUB_EMAIL_CHANNEL": "console",
            "CLAMD_HOST": "127.0.0.1",
            "CLAMD_PORT": str(CLAMD_PORT),
            "HUB_WEB_WORKERS": "2",
            "PYTHONPATH": str(ROOT / "src"),
        }
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--no-input", "-v0")
        manage(env, "load_demo")

        step("an OpenID Connect provider on loopback (the organisation's identity provider)")
        hub = f"https://127.0.0.1:{WEB_PORTS[0]}"
        identity = stack.enter_context(
            oidc_provider(hub, {"jenny": {"email": "jenny.walsh@workforce-hub.example", "email_verified": True}})
        )

        step("two web processes, two workers and the scheduler (deploy/Procfile)")
        gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
        for i, port in enumerate(WEB_PORTS, 1):
            web_env = {**env, "HUB_BIND": f"127.0.0.1:{port}", "HUB_OIDC_PROVIDERS": identity.env()}
            start(f"web{i}", [gunicorn, "workforce_hub.config.wsgi", "--config", "deploy/gunicorn.conf.py"], web_env)
        for i in (1, 2):
            start(f"worker{i}", [PY, "manage.py", "db_worker", "--queue-name", "default"], env)
        start("scheduler", [PY, "manage.py", "crontask"], env)
        for port in WEB_PORTS:
            wait_port(port)

        browser = Browser()
        for port in WEB_PORTS:
            status, headers, _ = browser.request(port, "GET", "/healthz")
            assert status == 200 and headers.get("x-request-id"), ("healthz", port, status)
            deadline = time.monotonic() + 90
            while True:
                status, _, text = browser.request(port, "GET", "/readyz")
                if status == 200 or time.monotonic() > deadline:
                    break
                time.sleep(2)
            assert status == 200, f"/readyz on {port}: {text}"
            checks = json.loads(text)
            print(f"   /readyz on {port}: {checks}", flush=True)

        step("an invited member of staff signs in with the organisation's identity provider")
        session = requests.Session()
        session.mount(hub, BehindProxy())
        _, page = sign_in(hub, identity.provider_id, "jenny", session=session)
        assert page.url.startswith(hub + "/home/"), ("OpenID Connect sign-in", page.url, page.text[:300])

        step("an apprentice signs in on one web process and uploads evidence on the other")
        status, headers, text = browser.post_form(
            WEB_PORTS[0],
            "/accounts/login/",
            {"login": "jordan.ellis@workforce-hub.example", "password": DEMO_PASSWORD},
        )
        assert status == 302, ("login", status, text[:500])
        record = shell(
            env,
            "import json; from workforce_hub.portfolios.models import LearningRecord; "
            "print(json.dumps(LearningRecord.objects.get(enrolment__apprentice__email__startswith='jordan.ellis@').pk))",
        )
        clean = pdf("Set up a new starter's laptop and checked that the backup ran.")
        path = f"/learning/{record}/evidence/new/"
        for title, content in (("Laptop set-up", clean), ("Laptop set-up again", clean + b"\n%" + EICAR + b"\n")):
            status, headers, text = browser.post_file(
                WEB_PORTS[1], path, {"title": title}, "upload", "laptop.pdf", content
            )
            assert status == 302, ("upload", title, status, text[:800])
        scans = shell(
            env,
            "import json; from workforce_hub.portfolios.models import Evidence; "
            "print(json.dumps(dict(Evidence.objects.filter(title__startswith='Laptop set-up').values_list('title', 'scan'))))",
        )
        assert scans == {"Laptop set-up": "clean", "Laptop set-up again": "infected"}, scans
        print(f"   scanned by ClamAV: {scans}", flush=True)

        step("a coordinator's API token queues a scheduled job; a worker runs it once")
        token = shell(
            env,
            "import json, datetime; from django.utils import timezone; "
            "from workforce_hub.accounts.tokens import token_create; from workforce_hub.accounts.models import User; "
            "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret; "
            "u = User.objects.get(email__startswith='priya.shah@'); "
            "TOTP.activate(u, generate_totp_secret()); "  # partnership-wide roles use the API only with MFA set up
            "print(json.dumps(token_create(actor=u, name='smoke', expires_on=timezone.localdate() + "
            "datetime.timedelta(days=1))[1]))",
        )
        api = Browser()
        status, _, text = api.request(
            WEB_PORTS[1],
            "POST",
            "/api/v1/scheduled-jobs/issue_credentials/run/",
            headers={"Authorization": f"Token {token}"},
        )
        assert status in (200, 201, 202), ("run job", status, text[:500])
        deadline = time.monotonic() + 120
        while True:
            runs = shell(
                env,
                "import json; from workforce_hub.schedule.models import JobRun; "
                "print(json.dumps(list(JobRun.objects.filter(job='issue_credentials').values_list('outcome', flat=True))))",
            )
            if "done" in runs or time.monotonic() > deadline:
                break
            time.sleep(3)
        assert runs.count("done") == 1 and "failed" not in runs, runs
        print(f"   job runs: {runs}", flush=True)

        step("backup, then restore into a second new database")
        out = manage(env, "backup", str(work / "backups"))
        folder = Path(out.strip().rsplit(" ", 1)[-1])
        restored_env = {**env, "DATABASE_URL": database("hub_smoke_restore"), "HUB_DATA_DIR": str(work / "restored")}
        manage(restored_env, "migrate", "--no-input", "-v0")
        print("   " + manage(restored_env, "restore", str(folder)).strip(), flush=True)
        manifest = json.loads((folder / "manifest.json").read_text())
        counted = shell(
            restored_env,
            "import json; from workforce_hub.core.backup import counts; print(json.dumps(counts()))",
        )
        assert counted == manifest["rows"], "restored rows differ"

        def hashes(root: Path) -> dict[str, str]:
            return {
                str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*"))
                if p.is_file()
            }

        original, copy = hashes(work / "data" / "evidence"), hashes(work / "restored" / "evidence")
        assert original and original == copy, "restored files differ"
        print(f"   {sum(counted.values())} rows and {len(copy)} evidence files restored, hashes equal", flush=True)

        step("every process still runs and no log holds a traceback")
        for name, proc in processes.items():
            assert proc.poll() is None, f"{name} stopped: {logs[name].read_text()[-2000:]}"
        for name, log in logs.items():
            assert "Traceback" not in log.read_text(errors="replace"), f"{name} logged a traceback"
        print("== production smoke run passed", flush=True)
        return 0
    except (AssertionError, SystemExit) as exc:
        print(f"!! production smoke run failed: {exc}", file=sys.stderr, flush=True)
        for name, log in logs.items():
            print(f"--- {name} (last lines)\n{log.read_text(errors='replace')[-2500:]}", file=sys.stderr)
        return 1
    finally:
        stack.close()
        for proc in processes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in processes.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for name in ("hub_smoke", "hub_smoke_restore"):
            try:
                drop(name)
            except Exception as exc:  # leave nothing behind, but never hide the run's own result
                print(f"could not drop {name}: {exc}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
