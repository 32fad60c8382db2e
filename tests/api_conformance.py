"""Check a JSON value against the API's OpenAPI schemas: the subset of JSON Schema they use.

Used by the tests so a response can never drift from its documentation; small enough that no
validator package is needed. Keywords it does not know make it fail loudly, not pass quietly.
"""

from datetime import date, datetime
from urllib.parse import urlsplit

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _absolute_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(value)


FORMATS = {"date": date.fromisoformat, "date-time": datetime.fromisoformat, "uri": _absolute_url}
KNOWN = {
    "type", "properties", "required", "additionalProperties", "items", "enum", "minimum",
    "maximum", "format", "anyOf", "$ref", "description", "default",
}  # fmt: skip


def schema_errors(value, schema: dict, document: dict, where: str = "$") -> list[str]:
    """Every way `value` breaks `schema` ($refs resolved in `document`), as readable lines."""
    unknown = set(schema) - KNOWN
    if unknown:
        return [f"{where}: schema uses unsupported keywords {sorted(unknown)}"]
    if "$ref" in schema:
        return schema_errors(value, _resolve(schema["$ref"], document), document, where)
    if "anyOf" in schema:
        if any(not schema_errors(value, option, document, where) for option in schema["anyOf"]):
            return []
        return [f"{where}: {value!r} matches none of the allowed shapes"]
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not any(TYPES[name](value) for name in names):
            return [f"{where}: expected {'/'.join(names)}, got {type(value).__name__} {value!r}"]
    errors = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not one of {schema['enum']}")
    errors += _bounds(value, schema, where)
    if isinstance(value, dict):
        errors += _object_errors(value, schema, document, where)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += schema_errors(item, schema["items"], document, f"{where}[{index}]")
    return errors


def _resolve(reference: str, document: dict) -> dict:
    node = document
    for part in reference.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _bounds(value, schema: dict, where: str) -> list[str]:
    errors = []
    if TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: {value} is below the minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: {value} is above the maximum {schema['maximum']}")
    if isinstance(value, str) and "format" in schema:
        try:
            FORMATS[schema["format"]](value)
        except ValueError:
            errors.append(f"{where}: {value!r} is not a {schema['format']}")
    return errors


def _object_errors(value: dict, schema: dict, document: dict, where: str) -> list[str]:
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    errors = [f"{where}: missing {name!r}" for name in required if name not in value]
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        path = f"{where}.{name}"
        if name in properties:
            errors += schema_errors(item, properties[name], document, path)
        elif extra is False:
            errors.append(f"{path}: not documented")
        elif isinstance(extra, dict):
            errors += schema_errors(item, extra, document, path)
    return errors
