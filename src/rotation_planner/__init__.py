"""Rotation planner: assigns every apprentice of one or more cohorts a placement setting in each block.

Framework-free (no Django): JSON instance in, JSON plan out, exactly as `shared/specs/rotation-planning.md`.

This module is the planner's public API; the Hub imports only these names (an import-linter contract holds it
to that). `age_on` is the one age rule for the whole project: the planner's "under 18" check and the Hub's
eligibility screening both use it.
"""

from .explain import explain_infeasible
from .instance import (
    Instance,
    InstanceError,
    age_on,
    busiest_day,
    haversine_km,
    load_instance,
    parse_instance,
    travel_minutes,
)
from .plan import Plan, check_plan, plan_cost
from .solver import solve

__all__ = [
    "Instance",
    "InstanceError",
    "Plan",
    "age_on",
    "busiest_day",
    "check_plan",
    "explain_infeasible",
    "haversine_km",
    "load_instance",
    "parse_instance",
    "plan_cost",
    "solve",
    "travel_minutes",
]
