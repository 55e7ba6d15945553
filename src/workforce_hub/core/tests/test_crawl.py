"""Every role, following the links of its pages to depth 2 (one page of each kind): no page fails or is missing,
and every form on them, sent empty, answers with an error summary whose every link points at a field on the
page, in words that name the field (never Django's bare "This field is required.")."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest

ROLES = [
    "coordinator",
    "admin",
    "tutor",
    "host_manager",
    "mentor",
    "line_manager",
    "partner_lead",
    "apprentice",
    "staff",
]
SKIP = re.compile(r"^/(accounts/logout|api/|django-admin|static/)|\.(csv|xlsx|ics|json|pdf)$|/export|/download|/file")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": 0, "data": {}}
            self.forms.append(self._form)
        if self._form is not None and tag in ("input", "select", "textarea") and a.get("name"):
            kind = (a.get("type") or "text") if tag == "input" else tag
            if kind == "hidden":
                self._form["data"][a["name"]] = a.get("value") or ""  # kept as the page gave it
            elif kind not in ("submit", "button", "file"):
                self._form["fields"] += 1
                self._form["data"][a["name"]] = ""  # what a browser sends for a field left empty

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def _kind(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_answers_and_every_form_sent_empty_explains_itself(
    world: Any, client: Any, role: str
) -> None:
    client.force_login(world.users[role], backend="allauth.account.auth_backends.AuthenticationBackend")
    start = client.get("/", follow=True)
    home = start.redirect_chain[-1][0] if start.redirect_chain else "/"
    queue, seen, failures, forms_checked = [(home, 0)], set(), [], 0
    posted: set[str] = set()
    while queue:
        path, depth = queue.pop(0)
        if _kind(path) in seen:
            continue
        seen.add(_kind(path))
        response = client.get(path)
        if response.status_code >= 400:
            failures.append(f"GET {path}: {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _parse(response.content.decode())
        for form in page.forms:
            target = urljoin(path, form["action"]) if form["action"] else path
            if not form["fields"] or _kind(target) in posted or SKIP.search(urlparse(target).path):
                continue
            posted.add(_kind(target))
            sent = client.post(target, form["data"])
            if sent.status_code >= 500:
                failures.append(f"POST {target} (empty): {sent.status_code}")
                continue
            if sent.status_code != 200:
                continue  # a refusal or a redirect: nothing to explain on a form
            html = sent.content.decode()
            if "nhsuk-error-summary" not in html:
                continue
            forms_checked += 1
            answered = _parse(html)
            summary = html.split("nhsuk-error-summary", 1)[1].split("</ul>", 1)[0]
            for anchor in re.findall(r'href="#([^"]+)"', summary):
                if anchor not in answered.ids:
                    failures.append(f"POST {target}: the error links to #{anchor}, which is not on the page")
            if "This field is required" in html:
                failures.append(f"POST {target}: an error says only “This field is required”")
        if depth < 2:
            for href in page.links:
                link = urlparse(urljoin(path, href))
                if link.netloc or not link.path.startswith("/") or SKIP.search(link.path):
                    continue
                queue.append((link.path, depth + 1))
    assert failures == []
    assert len(seen) > 3, sorted(seen)
    if role in ("coordinator", "admin"):
        assert forms_checked > 3
