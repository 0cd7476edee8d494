"""REST for a dossier: the notice's data is refused once published; the checklist travels.

The notice's fields (``content.NOTICE_FIELDS``) carry a write permission that the
tender workflow grants only before publication. plone.restapi skips, silently, a
field its user may not write: a PATCH changing the total amount of a published
tender would answer 204 and change nothing. Here such a change is a 400 naming
the field, like any other error of the dossier; sending a protected field with
its current value (a client sending back what it read) is accepted.

collective.exportimport exports and imports through plone.restapi: the checklist
of the dossier (``dossier.checklist``: its items, the documents linked, the
Comune's approvals and comments) is not a schema field, so it is added to the
JSON of a migration (export) and restored from it by a site manager (import).
"""

from AccessControl import getSecurityManager
from collective.exportimport.interfaces import IMigrationMarker
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
from plone.dexterity.browser.edit import DefaultEditForm
from plone.dexterity.utils import iterSchemata
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.interfaces import IFieldDeserializer
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from plone.supermodel.utils import mergedTaggedValueDict
from plone.z3cform import layout
from Products.statusmessages.interfaces import IStatusMessage
from provincecomuni import _
from provincecomuni.procurement.content import ITenderDossier
from provincecomuni.procurement.content import may_edit_notice
from provincecomuni.records.interfaces import IRecord
from z3c.form.interfaces import IDataManager
from zope.component import adapter
from zope.component import queryMultiAdapter
from zope.interface import implementer
from zope.interface import Interface
from zope.schema import getFields


def _plain(value):
    """The checklist's persistent mappings and lists as JSON."""
    if isinstance(value, dict | PersistentMapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | PersistentList):
        return [_plain(item) for item in value]
    return value


def _persistent(value):
    if isinstance(value, dict):
        return PersistentMapping({key: _persistent(item) for key, item in value.items()})
    if isinstance(value, list):
        return PersistentList(_persistent(item) for item in value)
    return value


@implementer(ISerializeToJson)
@adapter(ITenderDossier, Interface)
class TenderDossierSerializer(SerializeFolderToJson):
    def __call__(self, *args, **kwargs):
        result = super().__call__(*args, **kwargs)
        if IMigrationMarker.providedBy(self.request):
            result["checklist"] = _plain(getattr(self.context, "checklist", None) or [])
        return result


@implementer(IDeserializeFromJson)
@adapter(ITenderDossier, Interface)
class TenderDossierDeserializer(DeserializeFromJson):
    def __call__(self, validate_all=False, data=None, create=False, mask_validation_errors=True):
        if data is None:
            data = json_body(self.request)
        obj = super().__call__(
            validate_all=validate_all,
            data=data,
            create=create,
            mask_validation_errors=mask_validation_errors,
        )
        items = data.get("checklist")
        if (
            isinstance(items, list)
            and IMigrationMarker.providedBy(self.request)
            and getSecurityManager().checkPermission("Manage portal", obj)
        ):
            obj.checklist = _persistent([item for item in items if isinstance(item, dict)])
            obj._checklist_procedure = obj.procedure
        return obj

    def get_schema_data(self, data, validate_all, create=False):
        schema_data, errors = super().get_schema_data(data, validate_all, create)
        errors.extend(self.refused_changes(data))
        return schema_data, errors

    def refused_changes(self, data):
        """An error for each field sent with a new value that the user may not write."""
        errors = []
        for schema in iterSchemata(self.context):
            permissions = mergedTaggedValueDict(schema, WRITE_PERMISSIONS_KEY)
            for name, field in getFields(schema).items():
                permission = permissions.get(name)
                if name not in data or permission is None or self.check_permission(permission):
                    continue
                if self.changes(field, data[name]):
                    errors.append(
                        {
                            "field": name,
                            "message": _(
                                "error_notice_published",
                                default="${field}: the tender is published, the data of its "
                                "notice cannot change.",
                                mapping={"field": field.title},
                            ),
                        }
                    )
        return errors

    def changes(self, field, sent):
        field = field.bind(self.context)
        current = queryMultiAdapter((self.context, field), IDataManager).query()
        if sent is None:
            return current not in (None, field.missing_value)
        deserializer = queryMultiAdapter((field, self.context, self.request), IFieldDeserializer)
        try:
            value = deserializer(sent)
        except Exception:  # noqa: BLE001 - whatever it is, it is not the current value
            return True
        return value != current


class TenderDossierEditForm(DefaultEditForm):
    """The dossier's edit form; after publication it says why the notice's data is absent."""

    def update(self):
        super().update()
        if self.request.method == "GET" and not may_edit_notice(self.context):
            IStatusMessage(self.request).add(
                _(
                    "msg_notice_published",
                    default="The tender is published: the data of its "
                    "notice (procedure, amounts, CPV, CUP, dates of publication and offers, "
                    "platform) cannot change any more and is not in this form. Record here the "
                    "bidders, the checks of their requirements, the award and contract dates "
                    "and the status of each lot.",
                ),
                "info",
            )


TenderDossierEditView = layout.wrap_form(TenderDossierEditForm)


@implementer(IDeserializeFromJson)
@adapter(IRecord, Interface)
class RecordMigrationDeserializer(DeserializeFromJson):
    """An imported record keeps its version number (a read-only field that plone.restapi
    does not write): the Comune's approvals in a dossier's checklist hold for a version
    of a document, and would otherwise be voided by an export and import."""

    def __call__(self, validate_all=False, data=None, create=False, mask_validation_errors=True):
        if data is None:
            data = json_body(self.request)
        obj = super().__call__(
            validate_all=validate_all,
            data=data,
            create=create,
            mask_validation_errors=mask_validation_errors,
        )
        version = data.get("record_version")
        if (
            isinstance(version, int)
            and not isinstance(version, bool)
            and IMigrationMarker.providedBy(self.request)
            and getSecurityManager().checkPermission("Manage portal", obj)
        ):
            obj.record_version = version
        return obj
