"""Rotation planner: assigns every apprentice of one or more cohorts a placement setting in each block.

Framework-free (no Django): JSON instance in, JSON plan out, exactly as `shared/specs/rotation-planning.md`.
"""

from .instance import Instance, InstanceError, load_instance, parse_instance
from .plan import Plan, check_plan, plan_cost

__all__ = ["Instance", "InstanceError", "Plan", "check_plan", "load_instance", "parse_instance", "plan_cost"]
