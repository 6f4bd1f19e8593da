"""Service-recovery knowledge: priority, SLA policy, playbooks, draft templates, alert text.

Pure functions and data files; nothing here touches the database (that is `decide.cases`).
"""
