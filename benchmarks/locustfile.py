"""Locust users for `benchmarks/web.py`: the demo partnership's people doing their everyday work. Paths come from
the environment (BENCH_PATHS, JSON written by web.py) so that ids match the database under test."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import struct
import time
from typing import Any

from locust import HttpUser, between, task

PATHS: dict[str, Any] = json.loads(os.environ.get("BENCH_PATHS", "{}"))
PASSWORD = "Demo-Workforce-Hub-2026"
PROXY = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front of the Hub sends it


def totp_now(secret: str) -> str:
    """The authenticator app's current code (RFC 6238: HMAC-SHA1 over the 30-second counter, 6 digits)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class HubUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    email = ""
    totp = ""

    def on_start(self) -> None:
        origin = self.host.replace("http://", "https://")  # the browser's view: the page came over TLS
        self.client.headers.update({**PROXY, "Referer": origin + "/", "Origin": origin})
        token = self._csrf("/accounts/login/")
        self.client.post(
            "/accounts/login/",
            {"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="sign in",
            allow_redirects=False,
        )
        self._plain_cookies()
        if self.totp:
            while 30 - time.time() % 30 < 3:
                time.sleep(0.5)
            token = self._csrf("/accounts/2fa/authenticate/")
            code = totp_now(self.totp)
            self.client.post(
                "/accounts/2fa/authenticate/",
                {"code": code, "csrfmiddlewaretoken": token},
                name="two-step code",
                allow_redirects=False,
            )
            self._plain_cookies()

    def _plain_cookies(self) -> None:
        """The Hub's cookies are Secure; the hop from the proxy is plain HTTP, so keep sending them here."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def _csrf(self, path: str) -> str:
        page = self.client.get(path, name=path if "accounts" in path else None)
        self._plain_cookies()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        return found.group(1) if found else ""

    def page(self, key: str, name: str) -> None:
        with self.client.get(PATHS[key], name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:  # a redirect (to sign in, say) is an error here
                r.failure(f"{r.status_code}")
        self._plain_cookies()


COORDINATOR_EMAILS = iter(PATHS.get("coordinator_emails", []))


class Coordinator(HubUser):
    weight = 2
    totp = PATHS.get("coordinator_totp", "")

    def on_start(self) -> None:
        self.email = next(COORDINATOR_EMAILS)  # one account each: an authenticator code is accepted only once
        super().on_start()

    @task(3)
    def home(self) -> None:
        self.page("coordinator_home", "coordinator home")

    @task(2)
    def cohort(self) -> None:
        self.page("cohort", "cohort page")

    @task(2)
    def plan_grid(self) -> None:
        self.page("plan", "plan grid")

    @task(1)
    def scheme_report(self) -> None:
        self.page("report", "scheme report")

    @task(1)
    def needs(self) -> None:
        self.page("needs", "needs analysis")


class Apprentice(HubUser):
    weight = 3
    email = PATHS.get("apprentice_email", "")

    @task(3)
    def home(self) -> None:
        self.page("apprentice_home", "apprentice home")

    @task(2)
    def record(self) -> None:
        self.page("record", "apprentice record")

    @task(2)
    def hours(self) -> None:
        self.page("hours", "hours")

    @task(1)
    def passport(self) -> None:
        self.page("passport", "passport")

    @task(1)
    def share(self) -> None:
        token = self._csrf(PATHS["passport"])
        with self.client.post(
            "/passport/share/",
            {"label": "Load test", "csrfmiddlewaretoken": token},
            name="simple write: share link",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"{r.status_code}")
        self._plain_cookies()


class HostManager(HubUser):
    weight = 1
    email = PATHS.get("host_email", "")

    @task
    def home(self) -> None:
        self.page("host_home", "host home")


class Tutor(HubUser):
    weight = 1
    email = PATHS.get("tutor_email", "")

    @task
    def home(self) -> None:
        self.page("tutor_home", "tutor home")
