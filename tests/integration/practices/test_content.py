"""The GoodPractice type: where it lives, its fields, and bad input named by field."""

from plone import api
from plone.dexterity.utils import createContent
from provincecomuni.practices.content import IGoodPractice
from provincecomuni.validation import FieldValueError
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema import getValidationErrors
from zope.schema.interfaces import RequiredMissing
from zope.schema.interfaces import TooSmall

import datetime
import pytest


def _errors(practice):
    return {name: str(error.doc()) for name, error in getValidationErrors(IGoodPractice, practice)}


def test_practices_are_written_inside_province_communities(portal, practice):
    assert practice.portal_type == "GoodPractice"
    assert practice.aq_parent.getPhysicalPath() == ("", "plone", "province", "cuneo")
    allowed = [fti.getId() for fti in portal["province"]["cuneo"].allowedContentTypes()]
    assert "GoodPractice" in allowed
    assert "GoodPractice" not in [fti.getId() for fti in portal.allowedContentTypes()]


def test_a_practice_has_every_field_of_the_issue(practice):
    assert practice.pillar == "sua"
    assert practice.comuni == ["004001"]
    assert practice.year == 2023
    assert "30%" in practice.results.output
    assert practice.cost == 45000
    assert practice.transferability.startswith("Serve")
    assert practice.contacts.startswith("Ufficio SUA")
    assert practice.Subject() == ("appalti", "e-procurement")
    assert practice.regions() == ["Piemonte"]
    assert _errors(practice) == {}


def test_the_province_of_the_community_is_the_default(portal, people):
    cuneo = portal["province"]["cuneo"]
    field = IGoodPractice["provinces"].bind(cuneo)
    assert field.defaultFactory(cuneo) == ["004"]
    assert IGoodPractice["year"].defaultFactory(cuneo) == datetime.date.today().year


def test_bad_values_are_named_by_field(portal, practice):
    next_year = datetime.date.today().year + 1
    with pytest.raises(FieldValueError) as info:
        IGoodPractice["year"].validate(next_year)
    assert translate(info.value.doc()).startswith(f"Year: {next_year} is not between 2000")
    with pytest.raises(RequiredMissing, match="provinces"):
        IGoodPractice["provinces"].validate([])
    with pytest.raises(TooSmall):
        IGoodPractice["cost"].bind(practice).validate(-5)


def test_comuni_must_belong_to_the_provinces_involved(portal, practice):
    practice.comuni = ["036023"]  # Modena (Comune), not in the Province of Cuneo
    with pytest.raises(Invalid) as info:
        IGoodPractice.validateInvariants(practice)
    assert translate(info.value.args[0]).startswith("Comuni involved: Modena is not")
    practice.provinces = ["004", "036"]
    IGoodPractice.validateInvariants(practice)


def test_full_text_covers_the_practice_fields(portal, practice):
    catalog = api.portal.get_tool("portal_catalog")
    for word in ("piattaforma", "convenzione", "funzionari", "e-procurement"):
        found = catalog(SearchableText=word, portal_type="GoodPractice")
        assert [b.getObject() for b in found] == [practice], word


def test_created_unattached_practice_has_no_adoptions(portal):
    practice = createContent("GoodPractice", title="Sola")
    from provincecomuni.practices import adoptions

    assert adoptions.count(practice) == 0
    assert adoptions.list_adoptions(practice) == []
