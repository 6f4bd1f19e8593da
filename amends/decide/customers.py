"""Creating and updating customers, and resolving who an event belongs to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amends.db import chunks, insert_for
from amends.ingest.batch import RecordResult
from amends.ingest.schemas import CustomerIn, CustomerRef
from amends.models import Customer, StaffUser
from amends.timeutil import utcnow

PROFILE_FIELDS = ("name", "email", "phone", "company", "segment", "value_per_year",
                  "attributes", "survey_opt_out", "status")
NOT_NULL = {"name", "attributes", "survey_opt_out", "status"}


def _email_key(email: str | None) -> str | None:
    return email.strip().lower() if email else None


def _lookup(session: Session, column: Any, values: set[str]) -> dict[str, Customer]:
    found: dict[str, Customer] = {}
    for part in chunks(sorted(values)):
        for customer in session.scalars(select(Customer).where(column.in_(part))):
            found[getattr(customer, column.key)] = customer
    return found


def resolve_customers(session: Session, refs: list[tuple[RecordResult, CustomerRef]],
                      path: str = "customer") -> dict[int, int]:
    """Map each record's index to a customer id, creating unknown customers.

    Precedence: Amends id, then external id, then email. An unknown id is an error (ids
    are ours); an unknown external id or email creates the customer.
    """
    by_ext = _lookup(session, Customer.external_id,
                     {r.external_id for _, r in refs if r.external_id})
    by_email = _lookup(session, Customer.email_key,
                       {k for _, r in refs if (k := _email_key(r.email))})
    ids = {r.id for _, r in refs if r.id}
    known_ids: set[int] = set()
    for part in chunks(sorted(ids)):
        known_ids.update(session.scalars(select(Customer.id).where(Customer.id.in_(part))))

    missing = [r for _, r in refs if r.id is None and not _find(r, by_ext, by_email)]
    if missing:
        _create_missing(session, missing)
        by_ext.update(_lookup(session, Customer.external_id,
                              {r.external_id for r in missing if r.external_id}))
        by_email.update(_lookup(session, Customer.email_key,
                                {k for r in missing if (k := _email_key(r.email))}))

    resolved: dict[int, int] = {}
    for result, ref in refs:
        if ref.id is not None:
            if ref.id in known_ids:
                resolved[result.index] = ref.id
            else:
                result.fail(f"items.{result.index}.{path}.id", f"no customer with id {ref.id}")
            continue
        customer = _find(ref, by_ext, by_email)
        if customer is None:  # lost a race for the email key to another external id
            result.fail(f"items.{result.index}.{path}", "could not resolve the customer")
        else:
            resolved[result.index] = customer.id
    return resolved


def _find(ref: CustomerRef, by_ext: dict[str, Customer],
          by_email: dict[str, Customer]) -> Customer | None:
    if ref.external_id:
        if ref.external_id in by_ext:
            return by_ext[ref.external_id]
        # An email match that has no external id yet is the same person.
        match = by_email.get(_email_key(ref.email) or "")
        return match if match is not None and match.external_id is None else None
    return by_email.get(_email_key(ref.email) or "")


def _create_missing(session: Session, refs: list[CustomerRef]) -> None:
    now = utcnow()
    rows: dict[tuple[str | None, str | None], dict[str, Any]] = {}
    for ref in refs:
        key = (ref.external_id, None if ref.external_id else _email_key(ref.email))
        rows.setdefault(key, {
            "external_id": ref.external_id, "email": ref.email, "email_key": _email_key(ref.email),
            "name": ref.name or (ref.email or ref.external_id or "").split("@")[0],
            "phone": ref.phone, "company": ref.company, "attributes": {}, "status": "active",
            "survey_opt_out": False, "created_at": now, "updated_at": now})
    # Emails already owned by another customer are not claimed again (unique key).
    taken = set(_lookup(session, Customer.email_key,
                        {r["email_key"] for r in rows.values() if r["email_key"]}))
    seen_emails: set[str] = set()
    for row in rows.values():
        if row["email_key"] in taken or row["email_key"] in seen_emails:
            row["email_key"] = None
        elif row["email_key"]:
            seen_emails.add(row["email_key"])
    # A row left with neither key is a reference by an email that another new row (with
    # an external id) claims in this batch; it resolves to that row, so inserting it would
    # only leave an orphan customer behind.
    keyed = [row for row in rows.values() if row["external_id"] or row["email_key"]]
    for part in chunks(keyed):
        session.execute(insert_for(session, Customer).on_conflict_do_nothing(), part)


def do_upsert_customers(session: Session,
                        items: list[tuple[RecordResult, CustomerIn]]) -> None:
    """Create or update customers keyed by external id (else email); fills each result."""
    by_ext = _lookup(session, Customer.external_id,
                     {c.external_id for _, c in items if c.external_id})
    by_email = _lookup(session, Customer.email_key,
                       {k for _, c in items if (k := _email_key(c.email))})
    owners = {s.email.lower(): s.id for s in session.scalars(
        select(StaffUser).where(StaffUser.email.in_(
            {c.owner_email.lower() for _, c in items if c.owner_email})))}
    first_seen: dict[str, int] = {}
    for result, item in items:
        key = f"ext:{item.external_id}" if item.external_id else f"em:{_email_key(item.email)}"
        if key in first_seen:
            result.fail(f"items.{result.index}.{'external_id' if item.external_id else 'email'}",
                        f"duplicate of items.{first_seen[key]} in this batch")
            continue
        first_seen[key] = result.index
        ref = CustomerRef(external_id=item.external_id, email=item.email)
        customer = _find(ref, by_ext, by_email)
        values = item.model_dump(exclude_unset=True, exclude={"external_id", "owner_email"})
        # null for a column that cannot be empty means "leave as it is".
        values = {k: v for k, v in values.items() if v is not None or k not in NOT_NULL}
        if item.owner_email:
            owner_id = owners.get(item.owner_email.lower())
            if owner_id is None:
                result.fail(f"items.{result.index}.owner_email", "no staff user with this email")
                continue
            values["owner_id"] = owner_id
        if "email" in values:
            values["email_key"] = _email_key(values["email"])
            clash = by_email.get(values["email_key"] or "")
            if clash is not None and clash is not customer:
                result.fail(f"items.{result.index}.email",
                            "another customer already has this email")
                continue
        if customer is None:
            customer = Customer(external_id=item.external_id, attributes={})
            session.add(customer)
            result.status = "created"
        else:
            result.status = "updated"
            if customer.external_id is None and item.external_id:
                # Found by email: the same person, now known by the CRM's id too.
                customer.external_id = item.external_id
        for key, value in values.items():
            if key == "attributes":
                value = {**(customer.attributes or {}), **(value or {})}
            setattr(customer, key, value)
        if not customer.name:
            customer.name = (item.email or item.external_id or "").split("@")[0]
        session.flush()
        result.id = customer.id
        if customer.external_id:
            by_ext[customer.external_id] = customer
        if customer.email_key:
            by_email[customer.email_key] = customer
