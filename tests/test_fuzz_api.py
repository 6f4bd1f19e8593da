"""Fuzz the whole JSON API from its OpenAPI document: bad input never gets a 500.

Schemathesis generates valid and invalid requests for every documented operation and sends
them in-process (ASGI) with a key holding every scope, so requests get past auth and reach
the routes. Each response must not be a server error and must match the documented schema.
The run is bounded (a few examples per operation) and derandomized so it cannot flake.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from amends.auth import do_create_api_key
from amends.decide.staff import do_create_staff
from tests.factories import make_customer, make_interaction

# Only the server-error check is about this file's promise; the schema checks keep the
# document honest for the shapes it declares. Undocumented 4xx codes (401/403/404/409 from
# the shared error handlers) are expected, so the status-code check is off.
CHECKS = [not_a_server_error, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
EXCLUDED = [status_code_conformance]
EXAMPLES = 4  # per operation and mode: about 70 operations x 2 modes stay well under 60 s


@pytest.fixture
def fuzz_auth(session: Session) -> dict[str, str]:
    """A key with every scope, plus a little data so small ids and the staff email exist."""
    _, raw = do_create_api_key(session, "fuzz", ["ingest", "read", "admin"])
    do_create_staff(session, email="alice@example.org", name="Alice Owner", role="admin",
                    team_name="Care", password=None)  # no password: hashing one is slow
    customer = make_customer(session)
    make_interaction(session, customer, "The parcel never came and nobody answers.")
    session.commit()
    return {"Authorization": f"Bearer {raw}"}


# Operations not fuzzed here, with the reason. (None at present: every documented operation
# is cheap enough to run a few examples of.)
SKIPPED: dict[str, str] = {}
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


def _fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> list[str]:
    """Send a few generated requests; return one line per failed check (not raised, so one
    bad operation does not hide the others and nothing is shrunk at length)."""
    failures: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(mode))
    def run(case: Any) -> None:
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # noqa: BLE001 - the app raised through the error handlers
            failures.append(f"{type(exc).__name__}: {exc} <- {case.as_curl_command()}")
            return
        try:
            case.validate_response(response, checks=CHECKS, excluded_checks=EXCLUDED)
        except (AssertionError, FailureGroup) as exc:  # FailureGroup: a BaseExceptionGroup
            failures.append(f"{response.status_code}: {str(exc)[:400]} <- "
                            f"{case.as_curl_command()}")

    try:
        run()
    except Unsatisfiable:
        pass  # nothing in this operation can be made invalid (e.g. no parameters at all)
    return failures


def _can_be_invalid(operation: Any) -> bool:
    """Whether negative generation has anything to break: a body, or a query or path value
    that is not a free string. (Otherwise Hypothesis spends a second proving it cannot.)"""
    if len(operation.body):
        return True
    return any(p.location.value in ("query", "path")
               and p.definition.get("schema", {}).get("type") != "string"
               for p in operation.iter_parameters())


def test_no_request_gets_a_server_error(app: Any, fuzz_auth: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.label in SKIPPED:
            continue
        operations += 1
        for mode in MODES if _can_be_invalid(operation) else MODES[:1]:
            failures += [f"{operation.label} [{mode.value}] {f}"
                         for f in _fuzz(operation, mode, fuzz_auth)]
    assert operations > 40  # the document really lists the API (not an empty schema)
    assert not failures, "\n".join(failures[:20])
