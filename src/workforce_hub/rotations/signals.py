"""Signals other apps listen to (the support app schedules handover meetings when placements are published)."""

from django.dispatch import Signal

#: sent after a plan's placements are published: `run`, `placements` (the new placements)
placements_published = Signal()
