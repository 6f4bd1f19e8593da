"""All tables, imported here so metadata (and Alembic) sees every one.

One import per concept module (kept sorted); list new models in __all__ too.
"""

from amends.models.base import Base
from amends.models.cases import (
    AlertSubscription,
    AmendsEntry,
    CaseAlert,
    CaseDraft,
    CaseEvent,
    CaseEvidence,
    CaseStep,
    RecoveryCase,
    RuleSetting,
)
from amends.models.customers import Customer
from amends.models.findings import Finding
from amends.models.health import CustomerHealth, HealthSnapshot, ScoringModel
from amends.models.intake import IntakeAttempt, IntakeForm, Lead, LeadEvent, LeadTask
from amends.models.interactions import ActivityEvent, Interaction
from amends.models.jobs import Job
from amends.models.outbox import OutboxMessage
from amends.models.sessions import DashboardCustomerBad, DashboardRollup, StaffSession
from amends.models.staff import ApiKey, StaffUser, Team
from amends.models.surveys import Survey, SurveyClick, SurveyInvitation, SurveyResponse

__all__ = [
    "ActivityEvent",
    "AlertSubscription",
    "AmendsEntry",
    "ApiKey",
    "Base",
    "CaseAlert",
    "CaseDraft",
    "CaseEvent",
    "CaseEvidence",
    "CaseStep",
    "Customer",
    "CustomerHealth",
    "DashboardCustomerBad",
    "DashboardRollup",
    "Finding",
    "HealthSnapshot",
    "IntakeAttempt",
    "IntakeForm",
    "Interaction",
    "Job",
    "Lead",
    "LeadEvent",
    "LeadTask",
    "OutboxMessage",
    "RecoveryCase",
    "RuleSetting",
    "ScoringModel",
    "StaffSession",
    "StaffUser",
    "Survey",
    "SurveyClick",
    "SurveyInvitation",
    "SurveyResponse",
    "Team",
]
