"""Query strings cannot fail a request: every API filter and every page that reads an id from the query string
answers a huge number, a non-ASCII digit or a word with a page or a 400, never a server error (SECURITY.md 11)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

HOSTILE = ("99999999999999999999999", "²", "abc")
#: the names pages read from the query string (filters, pagination, pre-filled forms)
PAGE_PARAMS = ("organisation", "scheme", "cohort", "round", "site", "page", "level", "setting", "group_by", "status")


def test_every_api_filter_answers_hostile_values_without_a_server_error(
    world: Any, openapi_schema: dict[str, Any]
) -> None:
    api = world.api("coordinator")
    api.raise_request_exception = False
    failed = []
    checked = 0
    for path, operations in openapi_schema["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] != "query":
                continue
            for value in HOSTILE[:2]:  # a word is refused the same way as a symbol; both digit cases are the risk
                checked += 1
                response = api.get(path, {parameter["name"]: value})
                if response.status_code >= 500:
                    failed.append((path, parameter["name"], value))
    assert checked > 100
    assert failed == []
    refused = api.get("/api/v1/schemes/", {"funders": HOSTILE[0]})
    assert refused.status_code == 400 and "too large" in str(refused.json())


def _pages(patterns: list[Any], prefix: str = "") -> list[str]:
    found: list[str] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _pages(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and not route.startswith(("api", "django-admin")):
            found.append("/" + route)
    return found


def test_every_page_answers_hostile_query_values_without_a_server_error(world: Any, client: Any) -> None:
    client.raise_request_exception = False
    client.force_login(world.users["coordinator"], backend="allauth.account.auth_backends.AuthenticationBackend")
    pages = _pages(get_resolver().url_patterns)
    assert len(pages) > 40
    # every name at once: a page fails on the first one it cannot take
    failed = [
        (page, value)
        for page in pages
        for value in ("", *HOSTILE)
        if client.get(page, dict.fromkeys(PAGE_PARAMS, value) if value else {}).status_code >= 500
    ]
    assert failed == []
