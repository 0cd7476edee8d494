"""The tender workflow: templates, checklist, guards, the Comune's approvals, closing."""

from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.namedfile.file import NamedBlobFile
from plone.protect.authenticator import createToken
from Products.CMFCore.WorkflowCore import WorkflowException
from provincecomuni.interfaces import IProvinceComuniLayer
from provincecomuni.membership import api as membership
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.workflow import checklist
from provincecomuni.procurement.workflow import templates
from provincecomuni.records import archive
from provincecomuni.records import deposit
from provincecomuni.records import journal
from provincecomuni.records.interfaces import IFascicolo
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.component import getMultiAdapter
from zope.event import notify
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.lifecycleevent import ObjectModifiedEvent

import io
import pytest
import zipfile


PASSWORD = "Una-password-lunga-1"  # noqa: S105
OPEN, DIRECT = "6", "10"
PRE_PUBLICATION = (
    "determina-a-contrarre",
    "bando",
    "disciplinare",
    "capitolato",
    "modello-dgue",
)


def lot(**changes):
    data = {
        "cig": "9050626CD6",
        "subject": "Strade del centro",
        "amount": Decimal("200000.00"),
        "cpv": "45233141",
        "status": "IN_LAV",
    }
    data.update(changes)
    return data


@pytest.fixture
def site(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    for userid in ("sua", "cuneese", "albese"):
        api.user.create(email=f"{userid}@example.org", username=userid, password=PASSWORD)
    membership.add_member(portal["province"]["cuneo"], "sua", "redattore")
    membership.set_affiliation("cuneese", "comune", "004078")  # Cuneo
    membership.set_affiliation("albese", "comune", "004003")  # Alba
    return portal


def make_dossier(container, comune="004078", procedure=OPEN, **changes):
    data = {
        "title": "Manutenzione strade comunali 2027",
        "commissioning_comune": comune,
        "contract_object": "lavori",
        "procedure": procedure,
        "award_criterion": "priceOnly",
        "main_cpv": "45233141",
        "total_amount": Decimal("350000.00"),
        "lots": [lot(), lot(cig="B7E26B1DC7", amount=Decimal("150000.00"))],
    }
    data.update(changes)
    return api.content.create(container=container, type="TenderDossier", **data)


@pytest.fixture
def dossier(site):
    return make_dossier(site["province"]["cuneo"])


def upload(container, title, data=b"%PDF-1.4 bando"):
    return api.content.create(
        container=container,
        type="File",
        title=title,
        file=NamedBlobFile(data=data, filename=f"{title}.pdf", contentType="application/pdf"),
    )


def link_all(dossier, ids=PRE_PUBLICATION):
    for item_id in ids:
        item = checklist.get_item(dossier, item_id)
        document = upload(dossier[item["folder"]], item["title"])
        checklist.link(dossier, item_id, document.UID())


def approve_all(dossier, ids=PRE_PUBLICATION):
    with api.env.adopt_user(username="cuneese"):
        for item_id in ids:
            if checklist.get_item(dossier, item_id)["comune_approval"]:
                checklist.approve(dossier, item_id)


def to_approved_by_the_comune(dossier):
    api.content.transition(obj=dossier, transition=lifecycle.AVVIA_ISTRUTTORIA)
    with api.env.adopt_user(username="cuneese"):
        api.content.transition(obj=dossier, transition=lifecycle.APPROVA_COMUNE)
    assert api.content.get_state(dossier) == lifecycle.APPROVATO_COMUNE


def italian(messages):
    return [translate(m, target_language="it") for m in messages]


def available(dossier):
    workflow = api.portal.get_tool("portal_workflow")
    return [t["id"] for t in workflow.getTransitionsFor(dossier)]


# Templates and checklist


def test_a_new_dossier_gets_the_folders_and_checklist_of_its_procedure(dossier):
    assert api.content.get_state(dossier) == lifecycle.BOZZA
    folders = [f.getId() for f in dossier.objectValues() if f.portal_type == "Folder"]
    assert folders == [
        "atti-preliminari",
        "documenti-gara",
        "verbali",
        "aggiudicazione",
        "verifiche-requisiti",
        "contratto",
    ]
    ids = [item["id"] for item in checklist.items(dossier)]
    assert ids == [
        *PRE_PUBLICATION,
        "verbali-di-gara",
        "proposta-di-aggiudicazione",
        "provvedimento-di-aggiudicazione",
        "contratto",
    ]
    bando = checklist.get_item(dossier, "bando")
    assert bando["folder"] == "documenti-gara"
    assert bando["comune_approval"] and bando["required"]
    assert checklist.status(dossier, bando) == (checklist.MISSING, False)


def test_a_direct_award_has_fewer_documents(site):
    dossier = make_dossier(
        site["province"]["cuneo"],
        procedure=DIRECT,
        total_amount=Decimal("90000.00"),
        lots=[lot(amount=Decimal("90000.00"))],
    )
    ids = [item["id"] for item in checklist.items(dossier)]
    assert "bando" not in ids
    assert ids[:2] == ["determina-a-contrarre", "richiesta-di-preventivo"]
    assert "verbali" not in dossier.objectIds()


def test_every_procedure_has_a_valid_default_template():
    for code in templates.procedure_codes():
        template = templates.default_template(code)
        assert templates.validate(template) == template, code
        assert template["checklist"], code


def test_changing_the_procedure_adds_items_and_destroys_nothing(site, dossier):
    link_all(dossier, ("bando",))
    dossier.procedure = "9"  # ristretta
    notify(ObjectModifiedEvent(dossier))
    ids = [item["id"] for item in checklist.items(dossier)]
    assert "lettera-di-invito" in ids and "verbale-ammissione-candidati" in ids
    assert checklist.status(dossier, checklist.get_item(dossier, "bando"))[0] != checklist.MISSING
    dossier.procedure = DIRECT
    notify(ObjectModifiedEvent(dossier))
    bando = checklist.get_item(dossier, "bando")  # kept, with its document, not required
    assert bando["document"] and bando["obsolete"] and not bando["required"]
    assert "richiesta-di-preventivo" in [item["id"] for item in checklist.items(dossier)]


# Guards


def test_prepara_pubblicazione_needs_a_valid_cig_on_every_lot(site, dossier):
    link_all(dossier)
    approve_all(dossier)
    to_approved_by_the_comune(dossier)
    dossier.lots = [lot(), lot(cig="B7E26B1DC8", amount=Decimal("150000.00"))]
    missing = italian(lifecycle.missing_prerequisites(dossier, lifecycle.PREPARA_PUBBLICAZIONE))
    assert missing == ["Lotto 2: serve un CIG valido."]
    assert lifecycle.PREPARA_PUBBLICAZIONE not in available(dossier)
    with pytest.raises(WorkflowException):
        api.portal.get_tool("portal_workflow").doActionFor(dossier, lifecycle.PREPARA_PUBBLICAZIONE)


def test_prepara_pubblicazione_needs_every_required_document(site, dossier):
    link_all(dossier, PRE_PUBLICATION[:-1])  # no DGUE model
    approve_all(dossier)
    to_approved_by_the_comune(dossier)
    missing = italian(lifecycle.missing_prerequisites(dossier, lifecycle.PREPARA_PUBBLICAZIONE))
    assert missing == ["«Modello DGUE»: il documento non è stato caricato."]
    assert lifecycle.PREPARA_PUBBLICAZIONE not in available(dossier)


def test_prepara_pubblicazione_needs_the_comunes_approval(site, dossier):
    link_all(dossier)
    to_approved_by_the_comune(dossier)
    missing = italian(lifecycle.missing_prerequisites(dossier, lifecycle.PREPARA_PUBBLICAZIONE))
    assert missing == [
        "«Determina a contrarre»: il Comune di Cuneo non l'ha ancora approvato.",
        "«Bando di gara»: il Comune di Cuneo non l'ha ancora approvato.",
        "«Disciplinare di gara»: il Comune di Cuneo non l'ha ancora approvato.",
        "«Capitolato speciale d'appalto»: il Comune di Cuneo non l'ha ancora approvato.",
    ]
    with pytest.raises(WorkflowException):
        api.portal.get_tool("portal_workflow").doActionFor(dossier, lifecycle.PREPARA_PUBBLICAZIONE)


def test_prepara_pubblicazione_passes_when_everything_is_there(site, dossier):
    link_all(dossier)
    approve_all(dossier)
    to_approved_by_the_comune(dossier)
    assert lifecycle.missing_prerequisites(dossier, lifecycle.PREPARA_PUBBLICAZIONE) == []
    with api.env.adopt_user(username="sua"):
        assert lifecycle.PREPARA_PUBBLICAZIONE in available(dossier)
        api.content.transition(obj=dossier, transition=lifecycle.PREPARA_PUBBLICAZIONE)
    assert api.content.get_state(dossier) == lifecycle.PRONTO_PUBBLICAZIONE


def test_the_award_needs_the_minutes_of_the_checklist(site, dossier):
    messages = italian(lifecycle.missing_prerequisites(dossier, lifecycle.AGGIUDICA))
    assert "«Verbali di gara»: il documento non è stato caricato." in messages


# The Comune's approvals and visibility


def test_an_approval_records_who_and_when_and_a_new_upload_voids_it(site, dossier):
    item = checklist.get_item(dossier, "bando")
    document = upload(dossier["documenti-gara"], "Bando")
    checklist.link(dossier, "bando", document.UID())
    assert checklist.status(dossier, item) == (checklist.AWAITING, False)
    api.user.get(userid="cuneese").setMemberProperties({"fullname": "Chiara Cuneo"})
    with api.env.adopt_user(username="cuneese"):
        approval = checklist.approve(dossier, "bando")
    assert approval["user"] == "cuneese" and approval["fullname"] == "Chiara Cuneo"
    assert approval["time"]
    assert checklist.status(dossier, item) == (checklist.APPROVED, False)
    entries = journal.journal_of(site["province"]["cuneo"]).entries.values()
    assert any(
        entry[1] == "cuneese" and entry[6].startswith("checklist bando: approved")
        for entry in entries
    )

    document.file = NamedBlobFile(data=b"%PDF-1.4 bando v2", filename="Bando.pdf")
    notify(ObjectModifiedEvent(document))

    assert checklist.status(dossier, item) == (checklist.AWAITING, True)
    messages = italian(checklist.missing_for(dossier, lifecycle.PREPARA_PUBBLICAZIONE))
    assert (
        "«Bando di gara»: il documento è cambiato dopo l'approvazione, il Comune di Cuneo "
        "deve approvarlo di nuovo."
    ) in messages


def test_only_the_commissioning_comune_approves(site, dossier):
    document = upload(dossier["documenti-gara"], "Bando")
    checklist.link(dossier, "bando", document.UID())
    for userid in ("sua", "albese"):
        with api.env.adopt_user(username=userid), pytest.raises(Forbidden):
            checklist.approve(dossier, "bando")
    # Nor does the SUA approve the dossier for the Comune.
    api.content.transition(obj=dossier, transition=lifecycle.AVVIA_ISTRUTTORIA)
    with api.env.adopt_user(username="sua"):
        assert lifecycle.APPROVA_COMUNE not in available(dossier)
    with api.env.adopt_user(username="cuneese"):
        assert available(dossier) == [lifecycle.APPROVA_COMUNE]
    with pytest.raises(checklist.ChecklistError) as error, api.env.adopt_user(username="cuneese"):
        checklist.approve(dossier, "modello-dgue")  # needs no approval
    assert error.value.field == "item"


def test_the_comune_comments_and_reads_the_private_documents(site, dossier):
    document = upload(dossier["documenti-gara"], "Bando")
    assert api.content.get_state(document) == "private"
    with api.env.adopt_user(username="cuneese"):
        assert api.user.has_permission("View", obj=document)
        checklist.comment(dossier, "bando", "Manca il riferimento al CUP.")
    with api.env.adopt_user(username="albese"):
        assert not api.user.has_permission("View", obj=document)
        with pytest.raises(Forbidden):
            checklist.comment(dossier, "bando", "Non è il nostro.")
    comments = checklist.get_item(dossier, "bando")["comments"]
    assert [(c["user"], c["text"]) for c in comments] == [
        ("cuneese", "Manca il riferimento al CUP.")
    ]


def test_a_comune_sees_its_own_dossiers_only(site, dossier):
    other = make_dossier(site["province"]["cuneo"], comune="004003", title="Scuole di Alba")
    for userid, own, foreign in (("cuneese", dossier, other), ("albese", other, dossier)):
        with api.env.adopt_user(username=userid):
            found = [b.getObject() for b in api.content.find(portal_type="TenderDossier")]
            assert found == [own]
            assert api.user.has_permission("View", obj=own)
            assert not api.user.has_permission("View", obj=foreign)
            assert not api.user.has_permission("Modify portal content", obj=own)
    # The SUA's editors see and edit both.
    with api.env.adopt_user(username="sua"):
        assert len(api.content.find(portal_type="TenderDossier")) == 2
        assert api.user.has_permission("Modify portal content", obj=other)


def test_the_comune_reads_its_dossier_in_every_state(site, dossier):
    link_all(dossier)
    approve_all(dossier)
    to_approved_by_the_comune(dossier)
    for transition in (
        lifecycle.PREPARA_PUBBLICAZIONE,
        lifecycle.PUBBLICA,
        lifecycle.ANNULLA,
        lifecycle.CHIUDI,
    ):
        api.content.transition(obj=dossier, transition=transition)
        with api.env.adopt_user(username="cuneese"):
            assert api.user.has_permission("View", obj=dossier), transition
        with api.env.adopt_user(username="albese"):
            assert not api.user.has_permission("View", obj=dossier), transition


def test_once_published_nobody_edits_the_data(site, dossier):
    link_all(dossier)
    approve_all(dossier)
    to_approved_by_the_comune(dossier)
    api.content.transition(obj=dossier, transition=lifecycle.PREPARA_PUBBLICAZIONE)
    with api.env.adopt_user(username="sua"):
        assert api.user.has_permission("Modify portal content", obj=dossier)
        api.content.transition(obj=dossier, transition=lifecycle.PUBBLICA)
        assert not api.user.has_permission("Modify portal content", obj=dossier)
        # Later documents (the minutes) are still added.
        assert api.user.has_permission("Add portal content", obj=dossier)


# The dossier is a fascicolo


def test_the_dossier_is_a_fascicolo_and_its_documents_are_records(site, dossier):
    assert IFascicolo.providedBy(dossier)
    assert dossier.fascicolo_id.startswith("FASC-")
    assert dossier.classification == "1.15"
    assert dossier.participating_administrations == ["Comune di Cuneo"]
    document = upload(dossier["documenti-gara"], "Bando")
    assert document.aggregation_id == dossier.fascicolo_id
    assert document.classification == "1.15"
    workflow = api.portal.get_tool("portal_workflow")
    assert workflow.getChainFor(document) == ("provincecomuni_record_workflow",)


def test_a_closed_dossier_is_archived_and_refuses_changes(site, dossier):
    document = upload(dossier["documenti-gara"], "Bando")
    api.content.transition(obj=dossier, transition=lifecycle.ANNULLA)
    api.content.transition(obj=dossier, transition=lifecycle.CHIUDI)
    assert api.content.get_state(dossier) == lifecycle.CHIUSO
    assert archive.is_closed(dossier)
    assert api.content.get_state(document) == "archived"
    assert dossier.closing_date is not None
    # Its deposit package, like a closed fascicolo's.
    buffer = io.BytesIO()
    assert deposit.write_package(dossier, buffer) == 1
    fascicolo_xml = zipfile.ZipFile(buffer).read("fascicolo.xml").decode()
    assert dossier.fascicolo_id in fascicolo_xml and "Comune di Cuneo" in fascicolo_xml
    with pytest.raises(archive.ArchivedRecordError):
        notify(ObjectModifiedEvent(dossier))
    with pytest.raises(archive.ArchivedRecordError):
        upload(dossier, "Aggiunta tardiva")
    with pytest.raises((archive.ArchivedRecordError, Unauthorized)):  # a Manager neither
        api.content.delete(obj=dossier)
    assert not api.user.has_permission("Modify portal content", obj=dossier)
    with pytest.raises(checklist.ChecklistError):
        checklist.link(dossier, "bando", document.UID())


# Templates edited by a Province's SUA


def test_a_province_edits_its_template_and_new_dossiers_follow_it(site):
    cuneo, modena = site["province"]["cuneo"], site["province"]["modena"]
    text = templates.checklist_to_text(templates.get_template(cuneo, OPEN))
    text += (
        "\nrelazione-rup | Relazione del RUP | atti-preliminari | no | sì | prepara_pubblicazione"
    )
    folders = templates.folders_to_text(templates.get_template(cuneo, OPEN))
    templates.set_template(cuneo, OPEN, templates.from_text(folders, text))
    assert templates.is_customized(cuneo, OPEN)
    dossier = make_dossier(cuneo)
    item = checklist.get_item(dossier, "relazione-rup")
    assert item["required"] and not item["comune_approval"]
    # Modena keeps the defaults.
    assert "relazione-rup" not in [
        i["id"] for i in templates.get_template(modena, OPEN)["checklist"]
    ]
    templates.reset_template(cuneo, OPEN)
    assert not templates.is_customized(cuneo, OPEN)


def test_a_wrong_template_names_the_line_and_field_and_saves_nothing(site):
    cuneo = site["province"]["cuneo"]
    folders = "atti | Atti preliminari\n\nAtti Due | Secondi"
    items = (
        "determina | Determina | atti | sì | sì | prepara_pubblicazione\n"
        "bando | Bando | documenti | forse | sì | pubblica_subito\n"
        "solo tre | campi"
    )
    with pytest.raises(templates.TemplateError) as error:
        templates.from_text(folders, items)
    assert italian(error.value.messages) == [
        "Elenco di controllo, riga 3: scrivi 6 campi separati da |."
    ]
    with pytest.raises(templates.TemplateError) as error:
        templates.from_text(folders, items.rsplit("\n", 1)[0])
    assert italian(error.value.messages) == [
        "Cartelle, riga 3, nome breve: «Atti Due» non è un nome breve valido (lettere "
        "minuscole, cifre e trattini).",
        "Elenco di controllo, riga 2, cartella: «documenti» non è una cartella del modello.",
        "Elenco di controllo, riga 2, necessario per: «pubblica_subito» non è una transizione "
        "del flusso di gara (avvia_istruttoria, approva_comune, prepara_pubblicazione, pubblica, "
        "avvia_valutazione, aggiudica, stipula, chiudi).",
        "Elenco di controllo, riga 2, approvazione del Comune: «forse»: scrivi sì o no.",
    ]
    assert not templates.is_customized(cuneo, OPEN)


def test_the_sua_coordinator_may_edit_templates_the_comune_may_not(site):
    cuneo = site["province"]["cuneo"]
    api.user.create(email="coord@example.org", username="coord", password=PASSWORD)
    membership.add_member(cuneo, "coord", "coordinatore")
    permission = "provincecomuni: Manage tender templates"
    for userid, allowed in (("coord", True), ("sua", False), ("cuneese", False)):
        with api.env.adopt_user(username=userid):
            assert api.user.has_permission(permission, obj=cuneo) is allowed, userid


# The dossier's page


def _page(dossier, userid):
    with api.env.adopt_user(username=userid):
        return dossier.restrictedTraverse("@@view")()


def test_the_page_says_what_is_missing_and_shows_the_checklist(site, dossier):
    bando = upload(dossier["documenti-gara"], "Bando firmato")
    checklist.link(dossier, "bando", bando.UID())
    to_approved_by_the_comune(dossier)
    html = _page(dossier, "sua")
    assert "tender-summary" in html  # the dossier's own view, with our viewlets
    assert "Per passare a «Pronto per la pubblicazione» manca:" in html
    assert "«Modello DGUE»: il documento non è stato caricato." in html
    assert "«Bando di gara»: il Comune di Cuneo non l&#x27;ha ancora approvato." in html or (
        "«Bando di gara»: il Comune di Cuneo non l'ha ancora approvato." in html
    )
    assert "Elenco di controllo dei documenti" in html
    assert "In attesa dell&#x27;approvazione del Comune" in html or (
        "In attesa dell'approvazione del Comune" in html
    )
    assert "Bando firmato" in html
    assert 'value="link"' in html  # the SUA links documents
    assert 'value="approve"' not in html  # but does not approve them
    comune_page = _page(dossier, "cuneese")
    assert 'value="approve"' in comune_page
    assert "Approva per il Comune di Cuneo" in comune_page
    assert 'value="link"' not in comune_page
    # The Comune is not offered "pronto per la pubblicazione": no message for it.
    assert "Per passare a «Pronto per la pubblicazione»" not in comune_page


def _post(context, name, userid, form):
    request = context.REQUEST
    alsoProvides(request, IProvinceComuniLayer)
    with api.env.adopt_user(username=userid):
        request.form = {**form, "_authenticator": createToken()}
        request.method = "POST"
        try:
            return getMultiAdapter((context, request), name=name)()
        finally:
            request.method = "GET"
            request.form = {}


def test_the_templates_form_shows_the_line_that_is_wrong(site):
    cuneo = site["province"]["cuneo"]
    api.user.create(email="coord@example.org", username="coord", password=PASSWORD)
    membership.add_member(cuneo, "coord", "coordinatore")
    folders = templates.folders_to_text(templates.default_template(OPEN))
    html = _post(
        cuneo,
        "modelli-gara",
        "coord",
        {
            "procedure": OPEN,
            "folders": folders,
            "checklist": "bando | Bando | documenti-gara | sì | sì | prepara_pubblicazione\n"
            "disciplinare | Disciplinare | altrove | sì | sì | prepara_pubblicazione",
            "form.buttons.save": "1",
        },
    )
    assert "Il modello non è stato salvato:" in html
    assert (
        "Elenco di controllo, riga 2, cartella: «altrove» non è una cartella del modello." in html
    )
    assert not templates.is_customized(cuneo, OPEN)
    _post(
        cuneo,
        "modelli-gara",
        "coord",
        {
            "procedure": OPEN,
            "folders": folders,
            "checklist": "bando | Bando | documenti-gara | sì | sì | prepara_pubblicazione",
            "form.buttons.save": "1",
        },
    )
    assert [i["id"] for i in templates.get_template(cuneo, OPEN)["checklist"]] == ["bando"]
    _post(cuneo, "modelli-gara", "coord", {"procedure": OPEN, "form.buttons.reset": "1"})
    assert not templates.is_customized(cuneo, OPEN)


def test_the_checklist_forms_link_approve_and_comment(site, dossier):
    bando = upload(dossier["documenti-gara"], "Bando")
    _post(
        dossier,
        "checklist-action",
        "sua",
        {"action": "link", "item": "bando", "document": bando.UID()},
    )
    assert checklist.get_item(dossier, "bando")["document"] == bando.UID()
    _post(
        dossier, "checklist-action", "cuneese", {"action": "comment", "item": "bando", "text": "Ok"}
    )
    _post(dossier, "checklist-action", "cuneese", {"action": "approve", "item": "bando"})
    item = checklist.get_item(dossier, "bando")
    assert checklist.status(dossier, item) == (checklist.APPROVED, False)
    assert [c.get("text") for c in item["comments"]] == ["Ok", None]
    # Refused actions change nothing and do not break the page.
    _post(dossier, "checklist-action", "albese", {"action": "approve", "item": "capitolato"})
    assert checklist.get_item(dossier, "capitolato")["approval"] is None


class _Upload(io.BytesIO):
    """What ZPublisher gives a view for a file field of a multipart form."""

    def __init__(self, data, filename, content_type="application/pdf"):
        super().__init__(data)
        self.filename = filename
        self.headers = {"Content-Type": content_type}


def test_the_checklist_uploads_a_file_into_its_folder_and_links_it(site, dossier):
    _post(
        dossier,
        "checklist-action",
        "sua",
        {"action": "upload", "item": "bando", "file": _Upload(b"%PDF-1.4 bando", "bando.pdf")},
    )
    item = checklist.get_item(dossier, "bando")
    document = checklist.document_of(dossier, item)
    assert document.aq_parent.getPhysicalPath() == dossier["documenti-gara"].getPhysicalPath()
    assert document.title == "Bando di gara"
    assert document.file.filename == "bando.pdf"
    assert document.fingerprint  # a record of the dossier
    assert checklist.status(dossier, item) == (checklist.AWAITING, False)
    # An empty upload names the field and creates nothing; the Comune may not upload.
    with pytest.raises(checklist.ChecklistError) as error, api.env.adopt_user(username="sua"):
        checklist.upload(dossier, "disciplinare", b"", "")
    assert error.value.field == "file"
    with (
        pytest.raises(checklist.ChecklistError) as error,
        api.env.adopt_user(username="cuneese"),
    ):
        checklist.upload(dossier, "disciplinare", b"x", "d.pdf")
    assert error.value.status == 403
    assert checklist.get_item(dossier, "disciplinare")["document"] is None
    assert len(dossier["documenti-gara"].objectIds()) == 1


def test_the_package_holds_the_notice_documents_and_pubblica_publishes_them(site, dossier):
    from provincecomuni.procurement_documents import package

    link_all(dossier)
    approve_all(dossier)
    draft = upload(dossier["atti-preliminari"], "Appunti interni")  # linked to nothing
    to_approved_by_the_comune(dossier)
    with api.env.adopt_user(username="sua"):
        api.content.transition(obj=dossier, transition=lifecycle.PREPARA_PUBBLICAZIONE)
    bando = checklist.document_of(dossier, checklist.get_item(dossier, "bando"))
    assert api.content.get_state(bando) == "private"  # not public before the platform
    entries = package.PackageIterator(dossier).entries
    titles = {entry["title"]: entry["type"] for entry in entries}
    assert set(titles) == {checklist.get_item(dossier, i)["title"] for i in PRE_PUBLICATION}
    assert titles["Bando di gara"] == "Bando di gara"  # its checklist item names its type
    assert draft.Title() not in titles

    with api.env.adopt_user(username="sua"):
        api.content.transition(obj=dossier, transition=lifecycle.PUBBLICA)

    assert api.content.get_state(bando) == "published"
    assert api.content.get_state(draft) == "private"


def test_a_checklist_row_offers_the_records_of_its_own_folder(site, dossier):
    import lxml.html

    upload(dossier["documenti-gara"], "Bando firmato")
    upload(dossier["verbali"], "Verbale seduta 1")
    upload(dossier, "Nota del RUP")
    alsoProvides(dossier.REQUEST, IProvinceComuniLayer)
    page = lxml.html.fromstring(_page(dossier, "sua"))

    def offered(item):
        return {o.text_content().strip() for o in page.cssselect(f"#document-{item} option")}

    assert offered("bando") == {"Bando firmato", "Nota del RUP"}
    assert offered("verbali-di-gara") == {"Verbale seduta 1", "Nota del RUP"}
