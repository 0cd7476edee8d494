"""The DocumentTemplate type: a DOCX template uploaded by a coordinator, versioned.

Every upload of a new file is a new version, kept in the template's annotations
with its file, SHA-256, size, author and time; the ``file`` field is always the
latest version. A generated document records the template and the version that
produced it, so an older draft can be traced to the exact template text (its
file stays downloadable from the template's page).
"""

from datetime import datetime
from datetime import UTC
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.procurement_documents import templating
from provincecomuni.records import fingerprint
from zope import schema
from zope.annotation.interfaces import IAnnotations
from zope.interface import implementer

import hashlib


VERSIONS_KEY = "provincecomuni.procurement_documents.versions"


def _file_bytes(namedfile):
    return b"".join(fingerprint.iter_file(namedfile))


def check_template_file(value):
    if value is not None:
        templating.check_template(_file_bytes(value))
    return True


class IDocumentTemplate(model.Schema):
    """A template of a generated document of the tender dossiers."""

    title = schema.TextLine(title=_("label_title", default="Title"), required=True)
    document_kind = schema.Choice(
        title=_("label_document_kind", default="Document"),
        description=_(
            "help_document_kind",
            default="The document this template produces; the dossiers of this community "
            "use the newest template of each document, else the default one.",
        ),
        vocabulary="provincecomuni.procurement_documents.Kinds",
        required=True,
    )
    model.primary("file")
    file = NamedBlobFile(
        title=_("label_template_file", default="Template file"),
        description=_(
            "help_template_file",
            default="A Word document (.docx) with tags such as {{ gara.oggetto }}; see "
            "the default templates for the names available.",
        ),
        constraint=check_template_file,
        required=True,
    )
    version_comment = schema.TextLine(
        title=_("label_version_comment", default="What changed in this version"),
        required=False,
        max_length=300,
    )


@implementer(IDocumentTemplate)
class DocumentTemplate(Item):
    """A versioned DOCX template."""

    def versions(self):
        return list(IAnnotations(self).get(VERSIONS_KEY, ()))

    def current_version(self):
        versions = self.versions()
        return versions[-1] if versions else None

    def version(self, number):
        for entry in self.versions():
            if entry["version"] == number:
                return entry
        return None


def record_version(template, force=False):
    """Keep the current file as a new version if it is not the latest one already."""
    annotations = IAnnotations(template)
    versions = annotations.get(VERSIONS_KEY)
    if versions is None:
        versions = annotations[VERSIONS_KEY] = PersistentList()
    current = template.file
    if current is None:
        return None
    if versions and versions[-1]["file"] is current and not force:
        return versions[-1]
    data = _file_bytes(current)
    user = api.user.get_current()
    entry = PersistentMapping(
        version=len(versions) + 1,
        file=current,
        filename=current.filename,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        user=user.getId() if user is not None else None,
        time=datetime.now(UTC).isoformat(timespec="seconds"),
        comment=template.version_comment or "",
    )
    versions.append(entry)
    template.version_comment = None  # the comment belongs to this version only
    return entry


def template_changed(template, event):
    """Added or edited: a new file becomes a new version."""
    record_version(template)
