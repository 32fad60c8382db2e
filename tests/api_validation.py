"""The API's responses against its generated OpenAPI document, with independent validators:
openapi-spec-validator for the document, openapi-core for each response."""

import json

from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.exceptions import OpenAPIError
from openapi_spec_validator import validate


def served_document(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def checked_spec(client) -> OpenAPI:
    """The document as served, validated as OpenAPI 3.1 (raises when it is not)."""
    document = served_document(client)
    validate(document)
    return OpenAPI.from_dict(document)


def response_errors(spec: OpenAPI, response) -> list[str]:
    """What the validator finds wrong with one response to `response.wsgi_request`."""
    try:
        spec.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
    except OpenAPIError as error:
        return [_explain(error)]
    return []


def _explain(error: Exception) -> str:
    causes = getattr(error, "schema_errors", None) or [getattr(error, "__cause__", None)]
    details = [getattr(cause, "message", str(cause)) for cause in causes if cause is not None]
    for cause in causes:
        details += [getattr(inner, "message", "") for inner in getattr(cause, "schema_errors", [])]
    return f"{error}: {'; '.join(d for d in details if d)}"
