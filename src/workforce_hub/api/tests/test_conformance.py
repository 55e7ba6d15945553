"""The API answers as its OpenAPI schema says: every list and detail the coordinator can read, and the error shapes
(400, 401, 403, 404) documented on every operation."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource

from workforce_hub.portfolios.models import LearningRecord


@pytest.fixture
def schema(openapi_schema: dict[str, Any]) -> dict[str, Any]:
    return openapi_schema


def _check(schema: dict[str, Any], body: Any, part: dict[str, Any]) -> None:
    """Validate `body` against `part` of the schema, its $refs resolved in the whole document."""
    registry: Registry[Any] = Registry().with_resource("urn:api", Resource.opaque(schema))
    target = yaml.safe_load(yaml.safe_dump(part).replace("'#/components/schemas/", "'urn:api#/components/schemas/"))
    errors = sorted(OAS30Validator(target, registry=registry).iter_errors(body), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def _response_schema(schema: dict[str, Any], path: str, method: str, code: str) -> dict[str, Any]:
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


def test_every_list_and_its_first_record_match_the_schema(world: Any, schema: dict[str, Any]) -> None:
    LearningRecord.objects.filter(pathway__isnull=False).update(pathway=None)  # nullable fields really come as null
    api = world.api("coordinator")
    checked = 0
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations or path.endswith("/schema/"):
            continue
        response = api.get(path)
        if response.status_code != 200:
            continue
        _check(schema, response.json(), _response_schema(schema, path, "get", "200"))
        checked += 1
        results = response.json().get("results") if isinstance(response.json(), dict) else None
        detail = f"{path}{{id}}/"
        if results and detail in schema["paths"] and "get" in schema["paths"][detail]:
            one = api.get(f"{path}{results[0]['id']}/")
            assert one.status_code == 200, detail
            _check(schema, one.json(), _response_schema(schema, detail, "get", "200"))
    assert checked > 40


def test_errors_come_in_the_documented_shapes(world: Any, schema: dict[str, Any]) -> None:
    api = world.api("coordinator")
    missing = api.get("/api/v1/people/987654/")
    assert missing.status_code == 404
    _check(schema, missing.json(), _response_schema(schema, "/api/v1/people/{id}/", "get", "404"))
    invalid = api.post("/api/v1/people/", {}, format="json")
    assert invalid.status_code == 400
    _check(schema, invalid.json(), _response_schema(schema, "/api/v1/people/", "post", "400"))
    refused = world.api("apprentice").post("/api/v1/organisations/", {"name": "X"}, format="json")
    assert refused.status_code == 403
    _check(schema, refused.json(), _response_schema(schema, "/api/v1/organisations/", "post", "403"))
    anonymous = world.api("anonymous").get("/api/v1/people/")
    assert anonymous.status_code == 401
    _check(schema, anonymous.json(), _response_schema(schema, "/api/v1/people/", "get", "401"))


def test_plan_changes_are_documented_as_the_plain_list_they_are(schema: dict[str, Any]) -> None:
    documented = _response_schema(schema, "/api/v1/plan-runs/{id}/changes/", "get", "200")
    assert documented == {"type": "array", "items": {"$ref": "#/components/schemas/PlanChange"}}
