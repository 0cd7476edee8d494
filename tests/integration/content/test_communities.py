"""The site structure: sections, the 76 Province communities and the thematic networks."""

from plone import api

import csv
import pytest


SECTIONS = {
    "province": "Province",
    "reti-tematiche": "Reti tematiche",
    "buone-pratiche": "Buone pratiche",
    "formazione": "Formazione",
    "bandi-europei": "Bandi europei",
    "archivio": "Archivio",
}


def test_sections(portal):
    for section_id, title in SECTIONS.items():
        assert portal[section_id].title == title
        assert api.content.get_state(portal[section_id]) == "published"


def test_province_section_only_holds_province_communities(manager_portal):
    portal = manager_portal
    allowed = [fti.getId() for fti in portal["province"].allowedContentTypes()]
    assert allowed == ["ProvinceCommunity"]
    allowed = [fti.getId() for fti in portal["reti-tematiche"].allowedContentTypes()]
    assert allowed == ["ThematicCommunity"]


def _csv_rows():
    from importlib import resources

    text = resources.files("provincecomuni.data").joinpath("province.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_76_province_communities_match_the_data_file(manager_portal):
    portal = manager_portal
    brains = api.content.find(context=portal["province"], portal_type="ProvinceCommunity")
    assert len(brains) == 76
    by_code = {brain.getObject().istat_code: brain.getObject() for brain in brains}
    for row in _csv_rows():
        community = by_code[row["istat_code"]]
        assert community.title == row["name"]
        assert community.sigla == row["sigla"]
        assert community.region == row["region"]
        assert community.region_istat_code == row["region_istat_code"]
        assert community.fiscal_code == row["fiscal_code"]
        assert community.nuts3 == row["nuts3"]
        assert len(community.comuni()) == int(row["comuni_count"])
        assert api.content.get_state(community) == "private"


def test_community_ids_are_stable_names(portal):
    ids = set(portal["province"].objectIds())
    assert {"cuneo", "reggio-nellemilia", "pesaro-e-urbino", "barletta-andria-trani"} <= ids


def test_thematic_communities(portal):
    networks = portal["reti-tematiche"]
    expected = {
        "community-sua": ("Community SUA", "sua"),
        "community-servizi-europa": ("Community Servizi Europa", "sape"),
        "community-agenda-digitale-integrata": ("Community Agenda Digitale Integrata", "sit"),
    }
    assert set(networks.objectIds()) == set(expected)
    for item_id, (title, pillar) in expected.items():
        assert networks[item_id].portal_type == "ThematicCommunity"
        assert networks[item_id].title == title
        assert networks[item_id].pillar == pillar


def test_catalog_knows_the_istat_data(manager_portal):
    brains = api.content.find(portal_type="ProvinceCommunity", region="Piemonte")
    assert sorted(b.sigla for b in brains) == ["AL", "AT", "BI", "CN", "NO", "VB", "VC"]
    (cuneo,) = api.content.find(portal_type="ProvinceCommunity", istat_code="004")
    assert cuneo.Title == "Cuneo"


def test_joined_comuni_vocabulary_is_the_province_s_comuni(portal):
    from zope.component import getUtility
    from zope.schema.interfaces import IVocabularyFactory

    factory = getUtility(IVocabularyFactory, "provincecomuni.vocabularies.ProvinceComuni")
    vocabulary = factory(portal["province"]["cuneo"])
    assert len(vocabulary) == 247
    assert vocabulary.getTerm("004078").title == "Cuneo (CN)"
    with pytest.raises(LookupError):
        vocabulary.getTerm("001272")  # Torino: not a Comune of this Province


def test_invalid_fiscal_code_is_refused_naming_the_field(portal):
    from provincecomuni.content.province_community import IProvinceCommunity
    from zope.i18n import translate
    from zope.schema.interfaces import ValidationError

    field = IProvinceCommunity["fiscal_code"]
    with pytest.raises(ValidationError) as error:
        field.bind(portal["province"]["cuneo"]).validate("00447820045")
    assert "Codice fiscale" in translate(error.value.doc())


def test_private_communities_are_hidden_from_other_users(portal):
    # The test user is a plain Member: a private community is not for them.
    assert len(api.content.find(portal_type="ProvinceCommunity")) == 0
    from plone.app.testing import setRoles
    from plone.app.testing import TEST_USER_ID

    setRoles(portal, TEST_USER_ID, ["Manager"])
    assert len(api.content.find(portal_type="ProvinceCommunity")) == 76


def test_labels_are_italian_first(portal):
    from provincecomuni import _
    from zope.i18n import translate

    assert translate(_("label_istat_code"), target_language="it") == "Codice ISTAT"
    assert translate(_("label_istat_code"), target_language="en") == "ISTAT code"
    assert translate(_("Province community"), target_language="it") == "Community provinciale"


def test_community_page_lists_its_latest_documents_not_itself(manager_portal):
    community = manager_portal["province"]["cuneo"]
    api.content.create(container=community, type="Document", id="verbale", title="Verbale CIS")
    view = api.content.get_view("view", community, community.REQUEST)
    titles = [brain.Title for brain in view.latest_items()]
    assert titles == ["Verbale CIS"]
    html = view()
    assert "Verbale CIS" in html
    assert "247 Comuni, di cui 0 aderenti ai servizi." in " ".join(html.split())


def test_front_page_welcomes_and_links_the_communities(portal):
    assert portal.getDefaultPage() == "benvenuti"
    page = portal["benvenuti"]
    assert api.content.get_state(page) == "published"
    assert 'href="province"' in page.text.raw
    assert page.exclude_from_nav is True


def test_workflow_menu_speaks_italian(portal):
    # Plone's state menu translates transition titles in the "plone" domain.
    from zope.i18n import translate

    assert translate("Make public", domain="plone", target_language="it") == "Rendi pubblica"
    assert translate("Make internal", domain="plone", target_language="it") == "Rendi interna"
    assert translate("Internal", domain="plone", target_language="it") == "Interna"
    assert translate("Internal", domain="plone", target_language="en") == "Internal"


def test_thematic_community_page_shows_its_pillar(manager_portal):
    community = manager_portal["reti-tematiche"]["community-servizi-europa"]
    view = api.content.get_view("view", community, community.REQUEST)
    assert view.pillar_title().default == "EU funding office (SAPE)"
    html = " ".join(view().split())
    assert "Servizio Associato Politiche Europee (SAPE)" in html
    assert "Privata" in html


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("istat_code", "999", "999 is not one of the Provinces"),
        ("istat_code", "4", "use three digits"),
        ("fiscal_code", "RSSMRA85T10A562S", "not a valid fiscal code"),
        ("sigla", "cn", "two capital letters"),
    ],
)
def test_reference_data_is_checked(portal, field, value, message):
    from provincecomuni.content.province_community import IProvinceCommunity
    from zope.i18n import translate
    from zope.schema.interfaces import ValidationError

    with pytest.raises(ValidationError) as error:
        IProvinceCommunity[field].bind(portal["province"]["cuneo"]).validate(value)
    assert message in translate(error.value.doc(), target_language="en")


def test_province_section_groups_the_visible_communities_by_region(manager_portal):
    section = manager_portal["province"]
    assert section.getLayout() == "province-overview"
    view = api.content.get_view("province-overview", section, section.REQUEST)
    regions = view.regions()
    # Regions in ISTAT order (01 Piemonte, 03 Lombardia, 05 Veneto, 07 Liguria...).
    names = [region["name"] for region in regions]
    assert names[:4] == ["Piemonte", "Lombardia", "Veneto", "Liguria"]
    assert len(names) == 15
    assert sum(len(region["communities"]) for region in regions) == 76
    piemonte = regions[0]["communities"]
    cuneo = next(row for row in piemonte if row["sigla"] == "CN")
    assert cuneo["comuni"] == 247
    assert cuneo["url"].endswith("/province/cuneo")
    html = " ".join(view().split())
    assert "Reggio nell'Emilia" in html or "Reggio nell&#x27;Emilia" in html


def test_province_section_tells_anonymous_visitors_to_log_in(portal):
    from plone.app.testing import logout

    logout()
    section = portal["province"]
    view = api.content.get_view("province-overview", section, section.REQUEST)
    assert view.regions() == []
    assert "Accedi per vedere le community" in " ".join(view().split())
