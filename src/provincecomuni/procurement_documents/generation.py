"""Generate a document of a tender dossier and store it as a record (File) in it.

The template is the newest DocumentTemplate of that kind in the dossier's community
(uploaded by its coordinators), else the default one shipped with the product.
The generated File records the template, its version and its SHA-256; the records
behavior computes its fingerprint, format and version like for any upload.
"""

from datetime import datetime
from datetime import UTC
from persistent.mapping import PersistentMapping
from plone import api
from plone.namedfile.file import NamedBlobFile
from provincecomuni import _
from provincecomuni.procurement_documents import kinds
from provincecomuni.procurement_documents import pdf
from provincecomuni.procurement_documents import templating
from provincecomuni.records.record import community_of
from provincecomuni.validation import FieldValueError
from zope.annotation.interfaces import IAnnotations

import hashlib


GENERATED_KEY = "provincecomuni.procurement_documents.generated"
DEFAULT_SOURCE = "default"


def check_kind(kind_id):
    if kind_id not in kinds.BY_ID:
        raise FieldValueError(
            _(
                "error_document_kind",
                default="Document: ${value} is not a document that can be generated; "
                "choose one of ${known}.",
                mapping={"value": kind_id, "known": ", ".join(kinds.BY_ID)},
            )
        )


def check_format(fmt):
    if fmt not in kinds.FORMATS:
        raise FieldValueError(
            _(
                "error_document_format",
                default="Format: ${value} is not a format; choose docx or pdf.",
                mapping={"value": fmt},
            )
        )


def templates_for(dossier, kind_id):
    """The DocumentTemplates of that kind in the dossier's community, newest first."""
    community = community_of(dossier)
    if community is None:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="DocumentTemplate",
        path="/".join(community.getPhysicalPath()),
        sort_on="modified",
        sort_order="descending",
    )
    found = []
    for brain in brains:
        template = brain._unrestrictedGetObject()
        if template.document_kind == kind_id and template.file is not None:
            found.append(template)
    return found


def template_source(dossier, kind_id):
    """(bytes, description) of the template to use: the community's newest, else the default."""
    from provincecomuni.procurement_documents.content import _file_bytes
    from provincecomuni.procurement_documents.content import record_version

    templates = templates_for(dossier, kind_id)
    if templates:
        template = templates[0]
        entry = template.current_version() or record_version(template)
        data = _file_bytes(entry["file"])
        return data, {
            "source": "community",
            "uid": template.UID(),
            "path": "/".join(template.getPhysicalPath()),
            "title": template.Title(),
            "version": entry["version"],
            "sha256": entry["sha256"],
        }
    data = kinds.default_template_bytes(kind_id)
    return data, {
        "source": DEFAULT_SOURCE,
        "uid": None,
        "path": f"provincecomuni/data/document_templates/{kinds.BY_ID[kind_id].filename}.docx",
        "title": kinds.BY_ID[kind_id].title,
        "version": 0,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def render(dossier, kind_id, fmt):
    """(file bytes, missing data labels, template description) without storing anything."""
    check_kind(kind_id)
    check_format(fmt)
    template_bytes, template = template_source(dossier, kind_id)
    try:
        docx_bytes, missing = templating.render_docx(
            template_bytes, templating.dossier_context(dossier)
        )
    except templating.RenderError as failure:
        raise FieldValueError(
            _(
                "error_template_render",
                default="Template: ${title} (version ${version}) cannot be filled: "
                "${problem}. Correct the template and upload it again.",
                mapping={
                    "title": template["title"],
                    "version": template["version"],
                    "problem": str(failure),
                },
            )
        ) from failure
    if fmt == "pdf":
        title = f"{kinds.BY_ID[kind_id].title} - {dossier.Title()}"
        return pdf.docx_to_pdf(docx_bytes, title), missing, template
    return docx_bytes, missing, template


def target_folder(dossier, kind):
    """The folder of the checklist item the draft prepares, else the dossier itself."""
    for item in getattr(dossier, "checklist", None) or ():
        if item.get("id") == kind.checklist_item and item.get("folder") in dossier.objectIds():
            return dossier[item["folder"]]
    return dossier


def generate(dossier, kind_id, fmt):
    """Generate the document and store it in the dossier (in the folder of its
    checklist item when the procedure has one); return the new File."""
    data, missing, template = render(dossier, kind_id, fmt)
    kind = kinds.BY_ID[kind_id]
    now = datetime.now(UTC)
    filename = f"{kind.filename}-{now:%Y%m%d-%H%M%S}.{fmt}"
    version_text = (
        f"modello predefinito ({template['sha256'][:12]})"
        if template["source"] == DEFAULT_SOURCE
        else f'modello "{template["title"]}" versione {template["version"]} '
        f"({template['sha256'][:12]})"
    )
    notes = f"Bozza generata il {now:%d/%m/%Y %H:%M} UTC dal {version_text}."
    if missing:
        notes += " Dati da completare: " + "; ".join(missing) + "."
    document = api.content.create(
        container=target_folder(dossier, kind),
        type="File",
        title=f"{kind.title} ({fmt.upper()})",
        file=NamedBlobFile(data=data, filename=filename, contentType=kinds.MIMETYPES[fmt]),
        document_type=kind.document_type,
        formation_mode="a",
        subject_line=f"{kind.title} - {dossier.Title()}",
        record_notes=notes,
        safe_id=True,
    )
    IAnnotations(document)[GENERATED_KEY] = PersistentMapping(
        kind=kind_id,
        format=fmt,
        generated=now.isoformat(timespec="seconds"),
        user=api.user.get_current().getId(),
        missing=list(missing),
        template=dict(template),
    )
    document.reindexObject()
    return document


def generation_info(document):
    """What a generated document records about its generation, or None."""
    info = IAnnotations(document).get(GENERATED_KEY)
    if info is None:
        return None
    result = dict(info)
    result["template"] = dict(info["template"])
    result["missing"] = list(info["missing"])
    return result
