"""Sample content for trying the platform (the ``provincecomuni:demo`` profile).

Idempotent like the rest of the setup: existing items are left as they are.
"""

from plone import api
from plone.app.textfield.value import RichTextValue
from provincecomuni.setuphandlers.structure import NETWORKS_SECTION
from provincecomuni.setuphandlers.structure import PROVINCE_SECTION


DEMO_PROVINCE = "cuneo"
DEMO_DOCUMENTS = (
    (
        PROVINCE_SECTION + "/" + DEMO_PROVINCE,
        "regolamento-sua",
        "Regolamento della Stazione Unica Appaltante",
        "Il regolamento che disciplina i rapporti tra la Provincia e i Comuni aderenti.",
        "<p>La Stazione Unica Appaltante della Provincia svolge le procedure di gara "
        "per conto dei Comuni aderenti, sulla base della convenzione approvata dai "
        "rispettivi consigli.</p>",
    ),
    (
        PROVINCE_SECTION + "/" + DEMO_PROVINCE,
        "convenzione-provincia-comuni",
        "Convenzione Provincia-Comuni",
        "Lo schema di convenzione per l'adesione dei Comuni ai servizi della Provincia.",
        "<p>Schema di convenzione per l'adesione ai servizi SUA, SAPE e SIT.</p>",
    ),
    (
        NETWORKS_SECTION + "/community-sua",
        "linee-guida-fascicolo-di-gara",
        "Linee guida per il fascicolo di gara",
        "Come costruire un fascicolo di gara completo e coerente.",
        "<p>Il fascicolo di gara raccoglie tutti i documenti della procedura, dalla "
        "determina a contrarre al contratto.</p>",
    ),
)


def create_demo_content(portal):
    for path, item_id, title, description, html in DEMO_DOCUMENTS:
        container = portal.unrestrictedTraverse(path)
        if item_id in container.objectIds():
            continue
        api.content.create(
            container=container,
            type="Document",
            id=item_id,
            title=title,
            description=description,
            text=RichTextValue(html, "text/html", "text/x-html-safe"),
            safe_id=False,
        )
    community = portal[PROVINCE_SECTION][DEMO_PROVINCE]
    if not community.joined_comuni:
        community.joined_comuni = [c.istat_code for c in community.comuni()[:12]]
        community.reindexObject()
