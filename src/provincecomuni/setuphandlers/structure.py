"""The site's structure: top-level sections and the communities inside them.

Every function here creates what is missing and leaves what exists untouched, so
installing the profile again (or an upgrade step) never overwrites editors' work.
"""

from plone import api
from plone.app.textfield.value import RichTextValue
from plone.base.interfaces.constrains import ENABLED
from plone.base.interfaces.constrains import ISelectableConstrainTypes
from plone.i18n.normalizer.interfaces import IIDNormalizer
from Products.CMFCore.indexing import processQueue
from provincecomuni.domain import territories
from provincecomuni.funding.setup import ensure_funding_section
from zope.component import getUtility

import logging


logger = logging.getLogger("provincecomuni")

PROVINCE_SECTION = "province"
NETWORKS_SECTION = "reti-tematiche"

# (id, Italian title, Italian description, types allowed inside, layout)
SECTIONS = (
    (
        PROVINCE_SECTION,
        "Province",
        "Le community delle 76 Province delle regioni a statuto ordinario.",
        ["ProvinceCommunity"],
        "province-overview",
    ),
    (
        NETWORKS_SECTION,
        "Reti tematiche",
        "Le reti nazionali delle Province su appalti, fondi europei e agenda digitale.",
        ["ThematicCommunity"],
        None,
    ),
    (
        "buone-pratiche",
        "Buone pratiche",
        "Il catalogo delle buone pratiche da riusare.",
        None,
        None,
    ),
    ("formazione", "Formazione", "Piani formativi, corsi e materiali.", None, None),
    ("bandi-europei", "Bandi europei", "Bandi europei e nazionali di finanziamento.", None, None),
    ("archivio", "Archivio", "L'archivio dei documenti della piattaforma.", None, None),
)

# (id, title, pillar, description)
THEMATIC_COMMUNITIES = (
    (
        "community-sua",
        "Community SUA",
        "sua",
        "La rete delle Stazioni Uniche Appaltanti delle Province.",
    ),
    (
        "community-servizi-europa",
        "Community Servizi Europa",
        "sape",
        "La rete dei Servizi Associati Politiche Europee delle Province.",
    ),
    (
        "community-agenda-digitale-integrata",
        "Community Agenda Digitale Integrata",
        "sit",
        "La rete dei Servizi Innovazione Tecnologica e dell'Agenda Digitale Territoriale.",
    ),
)


def province_community_id(province):
    """The stable id of a Province community: its name, normalised (``reggio-nellemilia``)."""
    return getUtility(IIDNormalizer).normalize(province.name, max_length=60)


def _ensure(container, type_name, item_id, **fields):
    if item_id in container.objectIds():
        return container[item_id], False
    obj = api.content.create(
        container=container, type=type_name, id=item_id, safe_id=False, **fields
    )
    return obj, True


def ensure_sections(portal):
    for section_id, title, description, allowed, layout in SECTIONS:
        section, created = _ensure(
            portal, "Folder", section_id, title=title, description=description
        )
        if not created:
            continue
        if layout:
            section.setLayout(layout)
        if allowed:
            constraints = ISelectableConstrainTypes(section)
            constraints.setConstrainTypesMode(ENABLED)
            constraints.setLocallyAllowedTypes(allowed)
            constraints.setImmediatelyAddableTypes(allowed)
        if api.content.get_state(section, default=None) != "published":
            api.content.transition(obj=section, to_state="published")


def ensure_province_communities(portal):
    container = portal[PROVINCE_SECTION]
    created = 0
    for province in territories.provinces():
        _, is_new = _ensure(
            container,
            "ProvinceCommunity",
            province_community_id(province),
            title=province.name,
            description=f"Community della Provincia di {province.name} ({province.region}).",
            istat_code=province.istat_code,
            sigla=province.sigla,
            region=province.region,
            region_istat_code=province.region_istat_code,
            fiscal_code=province.fiscal_code,
            nuts3=province.nuts3,
        )
        created += is_new
    return created


def ensure_thematic_communities(portal):
    container = portal[NETWORKS_SECTION]
    for item_id, title, pillar, description in THEMATIC_COMMUNITIES:
        _ensure(
            container,
            "ThematicCommunity",
            item_id,
            title=title,
            pillar=pillar,
            description=description,
        )


FRONT_PAGE_ID = "benvenuti"
FRONT_PAGE_TEXT = """
<p>La piattaforma documentale collaborativa delle 76 Province delle regioni a statuto
ordinario e dei loro Comuni.</p>
<p>Ogni Provincia offre ai propri Comuni tre servizi:</p>
<ul>
<li><strong>Stazione Unica Appaltante (SUA)</strong>: prepara e gestisce le gare per
conto dei Comuni;</li>
<li><strong>Servizio Associato Politiche Europee (SAPE)</strong>: segnala i bandi
europei e nazionali e aiuta a preparare le proposte;</li>
<li><strong>Servizio Innovazione Tecnologica (SIT)</strong>: misura la maturità digitale
di ogni territorio con un unico insieme di indicatori.</li>
</ul>
<p>Documenti, buone pratiche e formazione si condividono nelle
<a href="province">community delle Province</a> e nelle
<a href="reti-tematiche">reti tematiche</a>.</p>
"""


def ensure_front_page(portal):
    """A welcome page as the site's front page, unless the site already has one."""
    if portal.getDefaultPage():
        return
    page, created = _ensure(
        portal,
        "Document",
        FRONT_PAGE_ID,
        title="Province & Comuni",
        description="Servizi associati, documenti e buone pratiche delle Province e dei Comuni.",
        text=RichTextValue(FRONT_PAGE_TEXT.strip(), "text/html", "text/x-html-safe"),
        exclude_from_nav=True,
    )
    if created:
        api.content.transition(obj=page, to_state="published")
    portal.setDefaultPage(FRONT_PAGE_ID)


def ensure_digital_agenda(portal):
    """SIT: the agenda-digitale section and its default indicators."""
    from provincecomuni.sit.setup import ensure_digital_agenda as ensure

    ensure(portal)


def ensure_structure(portal):
    ensure_sections(portal)
    ensure_front_page(portal)
    created = ensure_province_communities(portal)
    ensure_thematic_communities(portal)
    ensure_digital_agenda(portal)
    ensure_funding_section(portal)
    # Index now, while the site is the active one: the indexing queue is otherwise
    # processed at commit, which the test layers reach after leaving the site.
    processQueue()
    logger.info("Site structure in place (%d Province communities created).", created)
