"""Signals other apps listen to (so that schemes does not import them)."""

from django.dispatch import Signal

#: sent inside the transaction after an enrolment's status changed: enrolment, change (EnrolmentStatusChange), actor
enrolment_status_changed = Signal()
