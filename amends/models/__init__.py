"""All tables, imported here so metadata (and Alembic) sees every one."""

from amends.models.base import Base
from amends.models.customers import Customer
from amends.models.interactions import ActivityEvent, Interaction
from amends.models.jobs import Job
from amends.models.staff import ApiKey, StaffUser, Team

__all__ = ["ActivityEvent", "ApiKey", "Base", "Customer", "Interaction", "Job", "StaffUser",
           "Team"]
