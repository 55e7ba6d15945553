"""Employability, destinations and scheme report pages. One module per workflow."""

from .destinations import destinations
from .events import event_detail, event_edit, event_list
from .jobs import digest_detail, job_alerts_run, job_detail, job_edit, job_import, job_list, preferences
from .scheme_reports import levy_transfers, report_detail, report_export, report_list

__all__ = [
    "destinations",
    "digest_detail",
    "event_detail",
    "event_edit",
    "event_list",
    "job_alerts_run",
    "job_detail",
    "job_edit",
    "job_import",
    "job_list",
    "levy_transfers",
    "preferences",
    "report_detail",
    "report_export",
    "report_list",
]
