"""The programme catalogue through the API: read-only, the same for every partnership, members only."""

from __future__ import annotations

from typing import Any


def test_the_catalogue_is_read_only_and_complete(world: Any) -> None:
    api = world.api("apprentice")
    standards = api.get("/api/v1/standards/", {"search": "ST0216"}).json()["results"]
    hsw = next(s for s in standards if s["code"] == "ST0216")
    assert hsw["criteria"] and hsw["qualifications"]
    quals = {q["code"]: q for q in api.get("/api/v1/qualifications/", {"page_size": 50}).json()["results"]}
    assert any(q["units"] and q["rule"] for q in quals.values())
    rule_sets = api.get("/api/v1/funding-rule-sets/").json()["results"]
    assert [r["starts_on"] for r in rule_sets] == sorted(r["starts_on"] for r in rule_sets)
    assert api.post("/api/v1/standards/", {"code": "X"}).status_code in (403, 405)  # nobody writes the catalogue
    assert world.api("p2_apprentice").get(f"/api/v1/standards/{hsw['id']}/").status_code == 200
    assert world.api("anonymous").get("/api/v1/standards/").status_code == 401
