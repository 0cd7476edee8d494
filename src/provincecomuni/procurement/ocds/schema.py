"""The OCDS 1.1.5 schemas of ``data/ocds/`` as validators (JSON Schema Draft 4).

The lots extension is a JSON Merge Patch (RFC 7386) onto the release schema; the
release package refers to the release schema by its canonical URL, which is
resolved to the merged local copy: validating never touches the network.
"""

from importlib import resources

import copy
import functools
import json


RELEASE_SCHEMA = "release-schema.json"
PACKAGE_SCHEMA = "release-package-schema.json"
LOTS_EXTENSION = "lots_extension_v1.1.5_release-schema.json"


def merge_patch(target, patch):
    """RFC 7386: ``patch`` applied to ``target`` (neither is changed; a new value is returned)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def load(name):
    path = resources.files("provincecomuni.data").joinpath(f"ocds/{name}")
    return json.loads(path.read_text("utf-8"))


@functools.cache
def _release_schema():
    return merge_patch(load(RELEASE_SCHEMA), load(LOTS_EXTENSION))


def release_schema():
    """The release schema with the lots extension merged in (a fresh copy)."""
    return copy.deepcopy(_release_schema())


def _format_checker():
    from datetime import datetime
    from jsonschema import Draft4Validator
    from urllib.parse import urlsplit

    import re

    checker = copy.deepcopy(Draft4Validator.FORMAT_CHECKER)
    rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

    @checker.checks("date-time", raises=ValueError)
    def date_time(value):
        if not isinstance(value, str):
            return True
        if not rfc3339.match(value):
            raise ValueError(f"{value} is not an RFC 3339 date-time")
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("uri", raises=ValueError)
    def uri(value):
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        if not (parts.scheme and (parts.netloc or parts.path)):
            raise ValueError(f"{value} is not an absolute URI")
        return True

    return checker


def release_validator():
    """A Draft 4 validator of one release (lots extension included), with format checks."""
    from jsonschema import Draft4Validator

    return Draft4Validator(release_schema(), format_checker=_format_checker())


def package_validator():
    """A Draft 4 validator of a release package; its releases are checked by the local,
    merged release schema (the ``$ref`` to the canonical URL never leaves the machine)."""
    from jsonschema import Draft4Validator
    from referencing import Registry
    from referencing import Resource
    from referencing.jsonschema import DRAFT4

    merged = release_schema()
    package = load(PACKAGE_SCHEMA)
    registry = Registry().with_resource(merged["id"], Resource.from_contents(merged, DRAFT4))
    return Draft4Validator(package, registry=registry, format_checker=_format_checker())
