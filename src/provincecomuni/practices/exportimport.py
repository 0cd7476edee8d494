"""Adoptions travel with a practice through plone.restapi, hence collective.exportimport.

The practice's JSON carries ``adoptions`` (services.GoodPracticeSerializer); this
deserializer restores them when the JSON is written by a site manager (an import),
so ``@@export_content`` / ``@@import_content`` keep a practice's reuse history.
Anybody else writing ``adoptions`` through REST is ignored: adoptions are declared
through ``@adoptions``, with its checks.
"""

from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from plone import api
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from provincecomuni.interfaces import IProvinceComuniLayer
from provincecomuni.practices import adoptions
from provincecomuni.practices.content import IGoodPractice
from zope.annotation.interfaces import IAnnotations
from zope.component import adapter
from zope.interface import implementer

import datetime


def may_restore(obj):
    return api.user.has_permission("Manage portal", obj=obj)


def _datetime(value):
    try:
        return datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return datetime.datetime.now(datetime.UTC)


@implementer(IDeserializeFromJson)
@adapter(IGoodPractice, IProvinceComuniLayer)
class GoodPracticeDeserializer(DeserializeFromJson):
    def __call__(self, validate_all=False, data=None, create=False, mask_validation_errors=True):
        if data is None:
            from plone.restapi.deserializer import json_body

            data = json_body(self.request)
        obj = super().__call__(
            validate_all=validate_all,
            data=data,
            create=create,
            mask_validation_errors=mask_validation_errors,
        )
        rows = data.get("adoptions")
        if isinstance(rows, list) and may_restore(obj):
            tree = IAnnotations(obj)[adoptions.KEY] = OOBTree()
            for row in rows:
                tree[row["province"]] = PersistentMapping(
                    date=datetime.date.fromisoformat(row["date"]),
                    outcome=row["outcome"],
                    note=row.get("note", ""),
                    declared_by=row.get("declared_by"),
                    declared_on=_datetime(row.get("declared_on")),
                )
            obj.reindexObject(idxs=["adoption_count"])
        return obj
