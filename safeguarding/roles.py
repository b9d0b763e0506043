"""The roles a person can hold in a partnership (see ../shared/DESIGN.md, "Roles")."""

from django.db import models


class Role(models.TextChoices):
    CHAIR = "chair", "Chair"
    SCRUTINEER = "scrutineer", "Independent scrutineer"
    LEAD_PARTNER = "lead_partner", "Lead safeguarding partner"
    DELEGATED_PARTNER = "delegated_partner", "Delegated safeguarding partner"
    BUSINESS_MANAGER = "business_manager", "Business manager"
    BOARD_MEMBER = "board_member", "Board member"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    REVIEWER = "reviewer", "Reviewer"


# Roles that act for one agency and so must name it.
AGENCY_ROLES = frozenset({Role.AGENCY_LEAD})
# Roles that read the partnership's board-level picture (dashboards, summaries, published documents).
BOARD_ROLES = frozenset(
    {
        Role.CHAIR,
        Role.SCRUTINEER,
        Role.LEAD_PARTNER,
        Role.DELEGATED_PARTNER,
        Role.BUSINESS_MANAGER,
        Role.BOARD_MEMBER,
    }
)
# Roles that read everything in the partnership.
OVERSIGHT_ROLES = frozenset({Role.CHAIR, Role.SCRUTINEER, Role.BUSINESS_MANAGER})
