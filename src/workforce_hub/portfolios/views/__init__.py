"""Pages of the learning record, one module per workflow. Thin: every object comes from `visible_to`, every write
goes through services."""

from .evidence import (
    coverage,
    evidence,
    evidence_action,
    evidence_download,
    evidence_list,
    evidence_new,
    evidence_replace,
)
from .hosts import expected, expected_edit, testimonial, testimonials
from .hours import hours, hours_review
from .plans import plan, plan_edit, plan_sign
from .records import (
    employer_confirm,
    gateway_pass,
    prior_qualification,
    qualifications,
    record,
    record_edit,
    record_list,
    record_setup,
)
from .reviews import review, review_sign

__all__ = [
    "coverage",
    "employer_confirm",
    "evidence",
    "evidence_action",
    "evidence_download",
    "evidence_list",
    "evidence_new",
    "evidence_replace",
    "expected",
    "expected_edit",
    "gateway_pass",
    "hours",
    "hours_review",
    "plan",
    "plan_edit",
    "plan_sign",
    "prior_qualification",
    "qualifications",
    "record",
    "record_edit",
    "record_list",
    "record_setup",
    "review",
    "review_sign",
    "testimonial",
    "testimonials",
]
