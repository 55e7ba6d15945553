"""Roles a person can hold in an organisation, and the groups of roles the access policy uses."""

from django.db import models


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Scheme coordinator"
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership admin"
    LINE_MANAGER = "line_manager", "Employer line manager"
    HOST_MANAGER = "host_manager", "Host manager"
    MENTOR = "mentor", "Mentor"
    TUTOR = "tutor", "Tutor"
    ASSESSOR = "assessor", "Assessor"
    APPRENTICE = "apprentice", "Apprentice"
    PARTNER_LEAD = "partner_lead", "Partner lead"
    STAFF = "staff", "Staff member"


#: Roles that see the whole partnership. They must use multi-factor authentication.
PARTNERSHIP_WIDE = frozenset({Role.COORDINATOR, Role.PARTNERSHIP_ADMIN})
HOST_ROLES = frozenset({Role.HOST_MANAGER, Role.MENTOR})
PROVIDER_ROLES = frozenset({Role.TUTOR, Role.ASSESSOR})

#: Order in which a person with several roles is sent to a home page.
HOME_PRIORITY = [
    Role.COORDINATOR,
    Role.PARTNERSHIP_ADMIN,
    Role.TUTOR,
    Role.ASSESSOR,
    Role.HOST_MANAGER,
    Role.MENTOR,
    Role.LINE_MANAGER,
    Role.PARTNER_LEAD,
    Role.APPRENTICE,
    Role.STAFF,
]
