"""Who may do what in the competency module (design.md "Tenancy and permissions")."""

from kompeten.accounts.models import Membership

Role = Membership.Role


def can_manage_competencies(actor: Membership | None) -> bool:
    """Dictionary, standards, settings: the BKPSDM admin only."""
    return actor is not None and actor.role == Role.ADMIN


def can_view_dictionary(actor: Membership | None) -> bool:
    """The dictionary and standards hold no personal data: every member may read them."""
    return actor is not None


def can_record_assessments(actor: Membership | None) -> bool:
    return actor is not None and actor.role in {Role.ADMIN, Role.ASSESSOR}


def can_view_analytics(actor: Membership | None) -> bool:
    """Unit and agency views, needs analysis: admin, assessor, unit head (own subtree)."""
    return actor is not None and actor.role in {Role.ADMIN, Role.ASSESSOR, Role.UNIT_HEAD}


def can_view_position_fit(actor: Membership | None) -> bool:
    """Ranking the whole agency for rotation and promotion is a BKPSDM decision."""
    return actor is not None and actor.role == Role.ADMIN


def can_view_needs(actor: Membership | None) -> bool:
    """Development needs: the BKPSDM admin and unit heads (their subtree)."""
    return actor is not None and actor.role in {Role.ADMIN, Role.UNIT_HEAD}


def can_view_assessments(actor: Membership | None) -> bool:
    """Every member: employees see their own, unit heads their subtree (assessment_list)."""
    return actor is not None


def can_add_evidence(actor: Membership | None, assessment) -> bool:
    """The admin on any assessment; an assessor on the assessments they recorded."""
    if actor is None:
        return False
    if actor.role == Role.ADMIN:
        return True
    return actor.role == Role.ASSESSOR and assessment.recorded_by_id == actor.user_id
