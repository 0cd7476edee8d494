"""Classic UI: the "Genera documento" form, the package download, template versions."""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.procurement_documents import generation
from provincecomuni.procurement_documents import kinds
from provincecomuni.procurement_documents import package
from provincecomuni.validation import FieldValueError
from zExceptions import NotFound
from zope.i18n import translate


DOWNLOAD_PERMISSION = "provincecomuni: Download publication package"


class GenerateDocumentView(BrowserView):
    """GET: the form (document and format); POST: generate, store, go to the new record."""

    error = None

    def kinds(self):
        return [
            {"id": kind.id, "title": translate(kinds.KIND_TITLES[kind.id], context=self.request)}
            for kind in kinds.KINDS
        ]

    def templates(self):
        """Which template each document would use now (community's version or the default)."""
        rows = []
        for kind in kinds.KINDS:
            found = generation.templates_for(self.context, kind.id)
            rows.append(
                {
                    "id": kind.id,
                    "kind": translate(kinds.KIND_TITLES[kind.id], context=self.request),
                    "template": found[0].Title() if found else None,
                    "version": (found[0].current_version() or {}).get("version") if found else None,
                }
            )
        return rows

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            kind = self.request.form.get("document", "")
            fmt = self.request.form.get("format", "docx")
            try:
                document = generation.generate(self.context, kind, fmt)
            except FieldValueError as failure:
                self.error = translate(failure.doc(), context=self.request)
                self.request.response.setStatus(400)
                return self.index()
            info = generation.generation_info(document)
            api.portal.show_message(
                _("msg_document_generated", default="The draft document has been generated."),
                request=self.request,
            )
            if info["missing"]:
                api.portal.show_message(
                    _(
                        "msg_document_missing_data",
                        default="Data to complete in the document (marked [DA COMPLETARE]): "
                        "${missing}.",
                        mapping={"missing": "; ".join(info["missing"])},
                    ),
                    request=self.request,
                    type="warning",
                )
            self.request.response.redirect(f"{document.absolute_url()}/view")
            return ""
        return self.index()


class TemplateInUseView(BrowserView):
    """``?document=<kind>``: the DOCX template the dossier uses now, to adapt and upload."""

    def __call__(self):
        kind = self.request.form.get("document", "")
        if kind not in kinds.BY_ID:
            raise NotFound(kind)
        data, _template = generation.template_source(self.context, kind)
        response = self.request.response
        response.setHeader("Content-Type", kinds.DOCX_MIMETYPE)
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="modello-{kinds.BY_ID[kind].filename}.docx"',
        )
        return data


class PublicationPackageView(BrowserView):
    """The ZIP of the dossier's published documents, streamed."""

    def __call__(self):
        return package.stream(self.context, self.request.response)


class TemplateVersionsView(BrowserView):
    """A template's versions; ``?version=N`` downloads that version's file."""

    def versions(self):
        return list(reversed(self.context.versions()))

    def __call__(self):
        number = self.request.form.get("version")
        if number:
            try:
                entry = self.context.version(int(number))
            except ValueError:
                entry = None
            if entry is None:
                raise NotFound(number)
            from plone.namedfile.utils import set_headers
            from plone.namedfile.utils import stream_data

            set_headers(entry["file"], self.request.response, filename=entry["filename"])
            return stream_data(entry["file"])
        return self.index()


class DossierDocumentsViewlet(ViewletBase):
    """On the dossier: the buttons to generate a document and download the package."""

    def update(self):
        super().update()
        self.can_generate = api.user.has_permission("Add portal content", obj=self.context)
        self.can_download = api.user.has_permission(DOWNLOAD_PERMISSION, obj=self.context)
        self.url = self.context.absolute_url()

    def available(self):
        return self.can_generate or self.can_download
