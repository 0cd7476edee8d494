"""OCDS schemas: the JSON Merge Patch of the lots extension and the local validators."""

from provincecomuni.procurement.ocds.schema import load
from provincecomuni.procurement.ocds.schema import merge_patch
from provincecomuni.procurement.ocds.schema import package_validator
from provincecomuni.procurement.ocds.schema import release_schema
from provincecomuni.procurement.ocds.schema import release_validator

import copy
import pytest


# The examples of RFC 7386, appendix A.
RFC_7386 = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize("target,patch,result", RFC_7386)
def test_merge_patch_follows_rfc_7386(target, patch, result):
    before = copy.deepcopy(target)
    assert merge_patch(target, patch) == result
    assert target == before  # the target is not changed


def test_the_lots_extension_is_merged_into_the_release_schema():
    core = load("release-schema.json")
    merged = release_schema()
    assert "Lot" not in core["definitions"]
    assert "lots" in merged["definitions"]["Tender"]["properties"]
    assert "relatedLot" in merged["definitions"]["Item"]["properties"]
    assert "relatedLots" in merged["definitions"]["Award"]["properties"]
    # The core properties are kept.
    assert "status" in merged["definitions"]["Tender"]["properties"]


MINIMAL = {
    "ocid": "ocds-213czf-000-00001",
    "id": "ocds-213czf-000-00001-01",
    "date": "2027-03-01T12:00:00+01:00",
    "tag": ["tender"],
    "initiationType": "tender",
}


def test_a_minimal_release_is_valid_and_mistakes_are_caught():
    validator = release_validator()
    assert not list(validator.iter_errors(MINIMAL))
    for wrong in (
        {**MINIMAL, "tag": ["bando"]},
        {**MINIMAL, "date": "01/03/2027"},
        {**MINIMAL, "tender": {"id": "1", "lots": [{"id": "1", "status": "aperto"}]}},
        {**MINIMAL, "tender": {"id": "1", "value": {"amount": "350000", "currency": "EUR"}}},
        {key: value for key, value in MINIMAL.items() if key != "ocid"},
    ):
        assert list(validator.iter_errors(wrong)), wrong


def test_the_package_validator_checks_the_releases_with_the_local_schema():
    package = {
        "uri": "http://localhost/plone/@ocds-releases?page=1",
        "version": "1.1",
        "publishedDate": "2027-03-01T12:00:00+01:00",
        "publisher": {"name": "Province & Comuni"},
        "extensions": ["https://example.org/extension.json"],
        "releases": [MINIMAL],
    }
    validator = package_validator()
    assert not list(validator.iter_errors(package))
    wrong_lot = {**MINIMAL, "tender": {"id": "1", "lots": [{"id": "1", "status": "aperto"}]}}
    errors = list(validator.iter_errors({**package, "releases": [wrong_lot]}))
    assert errors and "aperto" in errors[0].message
    assert list(validator.iter_errors({**package, "releases": []}))  # at least one release
