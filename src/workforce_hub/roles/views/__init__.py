"""Role design pages, one module per workflow: reviews and the workshop, role profiles, the funding gate and
training agreements, and competence checks. Thin: every object comes from `visible_to` or `access`, every write
goes through services."""

from .checks import check_detail, check_list
from .profiles import profile_action, profile_add, profile_compare, profile_detail, profile_edit, profile_export
from .reviews import activity_detail, review_add, review_detail, review_edit, review_list, workshop
from .training import agreement_detail, request_add, request_detail, request_edit, request_list, template_add

__all__ = [
    "activity_detail",
    "agreement_detail",
    "check_detail",
    "check_list",
    "profile_action",
    "profile_add",
    "profile_compare",
    "profile_detail",
    "profile_edit",
    "profile_export",
    "request_add",
    "request_detail",
    "request_edit",
    "request_list",
    "review_add",
    "review_detail",
    "review_edit",
    "review_list",
    "template_add",
    "workshop",
]
