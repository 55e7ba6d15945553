"""Signals other apps listen to (so that organisations does not import them)."""

from django.dispatch import Signal

#: an organisation's "apprentices at a time" changed; sent with `organisation` (rotations checks its placements)
organisation_limit_changed = Signal()
