"""Names and places shared by the demo modules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

#: the demo partnership's slug; `load_demo` skips loading when it exists
DEMO_SLUG = "derwent-valley"
DEMO_PASSWORD = "Demo-Workforce-Hub-2026"
DOMAIN = "workforce-hub.example"

# Two towns: "Derwent" (around 52.92 N, 1.48 W) and "Ashbourne Vale" (around 53.23 N, 1.42 W).
TOWN_A = (Decimal("52.92250"), Decimal("-1.47660"))
TOWN_B = (Decimal("53.23500"), Decimal("-1.42100"))


#: the evaluated cohorts' weeks (seed 001, Figure 4): the county council's apprentices spent a day every week with
#: the training provider on 37 hours; the NHS trust's a day every other week on 37.5 hours
COUNCIL_WEEK: dict[str, Any] = {
    "host_days": ["mon", "tue", "wed", "thu"],
    "learning_day": "fri",
    "training_day_frequency": "weekly",
    "hours_per_day": Decimal("7.4"),
}
TRUST_WEEK: dict[str, Any] = {
    "host_days": ["mon", "tue", "wed", "thu", "fri"],
    "learning_day": "fri",
    "training_day_frequency": "fortnightly",
    "learning_week": 1,
    "hours_per_day": Decimal("7.5"),
}
