"""The running service against its own OpenAPI document (schemathesis): no generated request,
valid or not, gets a 500, and every status and body is one the document declares.

The document is the app's (no server needed to read it) and must equal docs/openapi.json,
the copy a client can read without starting anything (`hamopt serve --openapi` writes it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Server

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from hamopt.serve.app import create_app  # noqa: E402

DOCUMENT = create_app().openapi()
COPY = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
schema = schemathesis.openapi.from_dict(DOCUMENT)
# Bounded: ~15 operations x this many examples stays within ~30 s on two busy cores.
EXAMPLES = 12


def test_docs_copy_is_current() -> None:
    assert json.loads(COPY.read_text()) == json.loads(json.dumps(DOCUMENT)), (
        "docs/openapi.json is stale: hamopt serve --openapi > docs/openapi.json"
    )


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
def test_no_500_and_as_documented(case: schemathesis.Case, server: Server) -> None:
    case.call_and_validate(
        base_url=server.url,
        timeout=60,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                response_schema_conformance],
    )
