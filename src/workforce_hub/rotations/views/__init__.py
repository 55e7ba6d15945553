"""Rotation pages: cohort calendars, the training schedule, capacity changes, planning runs, publishing, calendars. One module per workflow."""

from .calendars import block_change, calendar_create, capacity_add, training_unit_add, training_unit_delete
from .feeds import calendar_feed, my_calendar
from .planning import (
    plan_detail,
    plan_download,
    plan_list,
    plan_new,
    plan_place,
    plan_progress,
    plan_publish,
    plan_rerun,
    plan_retry,
    replan,
)

__all__ = [
    "block_change",
    "calendar_create",
    "calendar_feed",
    "capacity_add",
    "my_calendar",
    "plan_detail",
    "plan_download",
    "plan_list",
    "plan_new",
    "plan_place",
    "plan_progress",
    "plan_publish",
    "plan_rerun",
    "plan_retry",
    "replan",
    "training_unit_add",
    "training_unit_delete",
]
