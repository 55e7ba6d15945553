"""Names and places shared by the demo modules."""

from __future__ import annotations

from decimal import Decimal

#: the demo partnership's slug; `load_demo` skips loading when it exists
DEMO_SLUG = "derwent-valley"
DEMO_PASSWORD = "Demo-Workforce-Hub-2026"
DOMAIN = "workforce-hub.example"

# Two towns: "Derwent" (around 52.92 N, 1.48 W) and "Ashbourne Vale" (around 53.23 N, 1.42 W).
TOWN_A = (Decimal("52.92250"), Decimal("-1.47660"))
TOWN_B = (Decimal("53.23500"), Decimal("-1.42100"))
