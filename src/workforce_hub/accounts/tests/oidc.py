"""A real OpenID Connect provider on loopback (`scripts/oidc_provider.mjs`, panva's oidc-provider) and a browser-like
client that signs in to the Hub through it. Used by the sign-in tests and the CI smoke run."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from lxml import html

ROOT = Path(__file__).resolve().parents[4]
CLIENT_ID, CLIENT_SECRET = "workforce-hub", "loopback-test-secret"


@dataclass(frozen=True)
class Provider:
    provider_id: str
    issuer: str

    def app_settings(self, name: str = "Test identity provider") -> dict[str, Any]:
        """The Hub's `SOCIALACCOUNT_PROVIDERS` for this provider (as HUB_OIDC_PROVIDERS would make it)."""
        return {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": self.provider_id,
                        "name": name,
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {"server_url": self.issuer, "token_auth_method": "client_secret_post"},
                    }
                ],
            }
        }

    def env(self, name: str = "Test identity provider") -> str:
        """HUB_OIDC_PROVIDERS for a Hub process."""
        return json.dumps(
            [
                {
                    "id": self.provider_id,
                    "name": name,
                    "server_url": self.issuer,
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                }
            ]
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def oidc_provider(
    hub_url: str, accounts: dict[str, dict[str, Any]], provider_id: str = "test-idp"
) -> Iterator[Provider]:
    """Run the provider for the Hub at `hub_url`; `accounts` maps a login to its claims (email, email_verified...)."""
    port = free_port()
    env = {
        **os.environ,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URIS": f"{hub_url.rstrip('/')}/accounts/oidc/{provider_id}/login/callback/",
        "OIDC_ACCOUNTS": json.dumps(accounts),
    }
    process = subprocess.Popen(
        ["node", str(ROOT / "scripts" / "oidc_provider.mjs"), str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("ready "):
            raise RuntimeError(f"The OpenID Connect provider did not start: {line!r}")
        yield Provider(provider_id, line.split()[1])
    finally:
        process.terminate()
        process.wait(timeout=10)


def _submit(session: requests.Session, response: requests.Response, **fields: str) -> requests.Response:
    """Post the page's first form with its hidden fields and `fields`, as a browser would."""
    page = html.fromstring(response.text, base_url=response.url)
    form = page.forms[0]
    data = {i.name: i.value or "" for i in form.inputs if i.name and getattr(i, "type", "") != "submit"}
    data.update(fields)
    action = form.action or response.url
    return session.post(action, data=data, headers={"Referer": response.url}, timeout=20)


class BehindProxy(requests.adapters.HTTPAdapter):
    """For a Hub that believes it is served over HTTPS by a proxy (production settings): requests to its https://
    address go over plain HTTP to the process, with the proxy's X-Forwarded-Proto, and keep their https address (so
    Secure cookies are sent and redirects resolve)."""

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        address = request.url or ""
        plain = request.copy()
        plain.url = "http://" + address.removeprefix("https://")
        plain.headers["X-Forwarded-Proto"] = "https"
        response = super().send(plain, *args, **kwargs)
        response.url = address
        return response


def sign_in(
    hub_url: str, provider_id: str, login: str, password: str = "any", session: requests.Session | None = None
) -> tuple[requests.Session, requests.Response]:
    """Sign in to the Hub through the provider: the Hub's "continue" page, the provider's login and consent pages,
    and back to the Hub. Returns the session and the Hub's last response (the home page, the two-step verification
    page, or a refusal)."""
    session = session or requests.Session()
    start = session.get(f"{hub_url.rstrip('/')}/accounts/oidc/{provider_id}/login/", timeout=20)
    page = _submit(session, start)  # the Hub's "continue to the provider" form, then the provider's login page
    for _ in range(4):  # login, then consent; the provider's pages post back to themselves
        if not page.url.startswith(hub_url.rstrip("/")) and "/interaction/" in page.url:
            fields = {"login": login, "password": password} if 'name="login"' in page.text else {}
            page = _submit(session, page, **fields)
        else:
            break
    return session, page
