"""One OCDS 1.1 release (with the lots extension) per tender dossier, as it stands now.

Mapping decisions (see also ``../../../../README.md``, "OCDS"):

- ``ocid`` = the configured prefix + ``-`` + the dossier's UID. The UID exists from
  the first draft and never changes, while CIGs arrive later (a draft has none yet),
  are one per lot (a dossier is one contracting process with many lots) and can be
  cancelled and reissued. The CIGs are published with each lot.
- ``id`` = ocid + the release date + a digest of the release's content: it changes
  whenever what is published changes (data, state, bidders, documents) and two
  different versions can never share it.
- ``date`` = the latest of the dossier's modification and its last workflow change.
- The workflow state (an id of ``lifecycle.STATES``) gives the tag and the statuses;
  nothing here depends on the workflow's definition, only on those ids.
- Bidders are published from ``in_valutazione`` on: before the offer deadline who
  has bid is confidential.
- Lots: ``id`` = the lot number ("1", "2"...), which is also how bidders refer to
  their lot; the CIG is the lot's description ("CIG 9050626CD6").
- Documents come from the catalog (title, URL, format, modification date): no file
  is opened, whatever the number of documents.
"""

from datetime import date
from datetime import datetime
from decimal import Decimal
from plone import api
from provincecomuni.domain import procurement
from provincecomuni.domain import territories
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.ocds.settings import ocid_prefix
from zoneinfo import ZoneInfo

import hashlib
import json


LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_lots_extension/v1.1.5/extension.json"
)
OCDS_VERSION = "1.1"
SCHEME = "IT-CF"
CURRENCY = "EUR"

# ANAC's sceltaContraente -> OCDS procurementMethod (DOMAIN.md, "Open data: OCDS 1.1").
# Codes without a sure OCDS method (a framework agreement, "another single-stage
# procedure") publish only procurementMethodDetails.
PROCUREMENT_METHODS = {
    "1": "selective",  # dialogo competitivo
    "2": "selective",  # procedura competitiva (concessioni)
    "3": "selective",  # partenariato per l'innovazione
    "4": "selective",  # negoziata con previa indizione / competitiva con negoziazione
    "5": "limited",  # negoziata senza previa indizione di gara
    "6": "open",  # aperta
    "7": "selective",  # altra procedura a più fasi
    "9": "selective",  # ristretta
    "10": "direct",  # affidamento diretto
    "12": "direct",  # affidamento diretto in adesione ad AQ/convenzione
}

CATEGORIES = {
    procurement.WORKS: "works",
    procurement.SERVICES: "services",
    procurement.SUPPLIES: "goods",
}

# State -> (release tag, tender status). Chiuso depends on how the dossier got there.
PLANNING_STATES = (lifecycle.BOZZA, lifecycle.ISTRUTTORIA, lifecycle.APPROVATO_COMUNE)
STAGES = {
    lifecycle.BOZZA: ("planning", "planning"),
    lifecycle.ISTRUTTORIA: ("planning", "planning"),
    lifecycle.APPROVATO_COMUNE: ("planning", "planning"),
    lifecycle.PRONTO_PUBBLICAZIONE: ("planning", "planned"),
    lifecycle.PUBBLICATO: ("tender", "active"),
    lifecycle.IN_VALUTAZIONE: ("tenderUpdate", "active"),
    lifecycle.AGGIUDICATO: ("award", "complete"),
    lifecycle.CONTRATTO_STIPULATO: ("contract", "complete"),
    lifecycle.ANNULLATO: ("tenderCancellation", "cancelled"),
    lifecycle.DESERTO: ("tenderUpdate", "unsuccessful"),
}
# After the offers are opened the bidders are no secret any more.
BIDDERS_PUBLIC_STATES = (
    lifecycle.IN_VALUTAZIONE,
    lifecycle.AGGIUDICATO,
    lifecycle.CONTRATTO_STIPULATO,
    lifecycle.CHIUSO,
    lifecycle.DESERTO,
)
AWARD_STATES = (lifecycle.AGGIUDICATO, lifecycle.CONTRATTO_STIPULATO, lifecycle.CHIUSO)
CONTRACT_STATES = (lifecycle.CONTRATTO_STIPULATO, lifecycle.CHIUSO)

# ANAC statoLotto codes that decide a lot's OCDS status whatever the dossier's state.
LOT_CANCELLED = ("CANC", "ANN")
LOT_UNSUCCESSFUL = ("NON_AGG",)


# Values ---------------------------------------------------------------------------


def amount(value):
    """A Decimal amount as a JSON number (an int when it has no cents)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def money(value):
    return {"amount": amount(value), "currency": CURRENCY} if value is not None else None


def _zone():
    name = api.portal.get_registry_record("plone.portal_timezone", default=None)
    try:
        return ZoneInfo(name or "Europe/Rome")
    except (KeyError, ValueError):
        return ZoneInfo("Europe/Rome")


def moment(value, zone=None):
    """An RFC 3339 date-time in the site's zone (dates at midnight, naive times as local)."""
    if value is None:
        return None
    zone = zone or _zone()
    if hasattr(value, "asdatetime"):  # Zope DateTime
        value = value.asdatetime()
    if not isinstance(value, datetime) and isinstance(value, date):
        value = datetime(value.year, value.month, value.day)
    value = value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    return value.isoformat(timespec="seconds")


def _clean(data):
    """Drop the keys whose value is None or empty: OCDS omits what is unknown."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


# The dossier's state --------------------------------------------------------------


def state_of(dossier):
    return api.content.get_state(dossier, default=None)


def _history(dossier):
    """Every workflow status entry of the dossier, whatever its chain, oldest first."""
    entries = []
    for chain_entries in (getattr(dossier, "workflow_history", None) or {}).values():
        entries.extend(chain_entries)
    return sorted(entries, key=lambda entry: float(entry.get("time") or 0))


def stage(dossier, state=None):
    """(release tag, tender status) of the dossier in its state."""
    state = state or state_of(dossier)
    if state == lifecycle.CHIUSO:
        passed = {entry.get("review_state") for entry in _history(dossier)}
        if lifecycle.CONTRATTO_STIPULATO in passed or getattr(dossier, "contract_date", None):
            return ("contractTermination", "complete")
        if lifecycle.ANNULLATO in passed:
            return ("tenderCancellation", "cancelled")
        if lifecycle.DESERTO in passed:
            return ("tenderUpdate", "unsuccessful")
        return ("tenderUpdate", "complete")
    # A state this module does not know (before the tender workflow is installed,
    # "private"/"published" of the community workflow) is a dossier in preparation.
    return STAGES.get(state, ("planning", "planning"))


def release_date(dossier):
    """The latest change of the dossier: its data or its workflow state."""
    latest = dossier.modified().asdatetime()
    for entry in _history(dossier):
        when = entry.get("time")
        if when is not None and when.asdatetime() > latest:
            latest = when.asdatetime()
    return latest


# Parties ------------------------------------------------------------------------


def _party_id(tax_code):
    return f"{SCHEME}-{tax_code}"


def _province_community(dossier):
    from provincecomuni.content.province_community import IProvinceCommunity

    for item in dossier.aq_chain:
        if IProvinceCommunity.providedBy(item):
            return item
    return None


def procuring_entity(dossier):
    """The Province whose SUA runs the tender, identified by its codice fiscale."""
    community = _province_community(dossier)
    if community is None:
        return None
    province = territories.province(getattr(community, "istat_code", None) or "")
    fiscal_code = getattr(community, "fiscal_code", None) or (province and province.fiscal_code)
    if not fiscal_code:
        return None
    legal_name = f"Provincia di {province.name}" if province else community.Title()
    party = {
        "id": _party_id(fiscal_code),
        "name": f"{legal_name} - Stazione Unica Appaltante",
        "identifier": {"scheme": SCHEME, "id": fiscal_code, "legalName": legal_name},
        "roles": ["procuringEntity"],
    }
    if province:
        party["additionalIdentifiers"] = [{"scheme": "IT-ISTAT", "id": province.istat_code}]
        party["address"] = {
            "locality": province.name,
            "region": province.region,
            "countryName": "Italia",
        }
    return party


def buyer(dossier):
    """The commissioning Comune, identified by its codice fiscale (and ISTAT code)."""
    comune = territories.comune(getattr(dossier, "commissioning_comune", None) or "")
    if comune is None or not comune.fiscal_code:
        return None
    legal_name = f"Comune di {comune.name}"
    return {
        "id": _party_id(comune.fiscal_code),
        "name": legal_name,
        "identifier": {"scheme": SCHEME, "id": comune.fiscal_code, "legalName": legal_name},
        "additionalIdentifiers": [{"scheme": "IT-ISTAT", "id": comune.istat_code}],
        "address": {"locality": comune.name, "countryName": "Italia"},
        "roles": ["buyer"],
    }


def _bidders(dossier, state):
    if state not in BIDDERS_PUBLIC_STATES:
        return []
    return [
        bidder
        for bidder in getattr(dossier, "bidders", None) or ()
        if (bidder.get("tax_code") or "").strip()
    ]


def _tax_code(bidder):
    return bidder["tax_code"].strip().upper()


def bidder_parties(bidders, awarded):
    """One party per economic operator (a codice fiscale), whatever its lots."""
    parties = {}
    for bidder in bidders:
        tax_code = _tax_code(bidder)
        party = parties.setdefault(
            tax_code,
            {
                "id": _party_id(tax_code),
                "name": bidder.get("name") or tax_code,
                "identifier": {"scheme": SCHEME, "id": tax_code, "legalName": bidder.get("name")},
                "roles": ["tenderer"],
            },
        )
        if awarded and bidder.get("awardee") and "supplier" not in party["roles"]:
            party["roles"].append("supplier")
    for party in parties.values():
        party["identifier"] = _clean(party["identifier"])
    return list(parties.values())


def _reference(party):
    return {"id": party["id"], "name": party["name"]}


# Tender, lots, items -------------------------------------------------------------


def _cpv(code):
    cpv = procurement.cpv_codes().get(code or "")
    if cpv is None:
        return None
    return {"scheme": "CPV", "id": cpv.code, "description": cpv.label_it}


def _label(code_list, code):
    for item in procurement.anac_codes(code_list):
        if item.code == code:
            return item.label_it
    return None


AWARD_CRITERIA_DETAILS = {
    "ratedCriteria": "Offerta economicamente più vantaggiosa (art. 108 d.lgs. 36/2023)",
    "priceOnly": "Minor prezzo (art. 108 d.lgs. 36/2023)",
}


def _lot_status(lot, number, tender_status, awarded_lots, state):
    code = lot.get("status")
    if code in LOT_CANCELLED or tender_status == "cancelled":
        return "cancelled"
    if code in LOT_UNSUCCESSFUL or tender_status == "unsuccessful":
        return "unsuccessful"
    if state in AWARD_STATES:
        return "complete" if number in awarded_lots else "active"
    return tender_status


def lots_and_items(dossier, tender_status, awarded_lots, state):
    lots, items = [], []
    secondary = [c for c in (_cpv(code) for code in dossier.secondary_cpvs or ()) if c]
    for index, lot in enumerate(dossier.lots or (), start=1):
        number = str(index)
        lots.append(
            _clean(
                {
                    "id": number,
                    "title": lot.get("subject"),
                    "description": f"CIG {lot['cig']}" if lot.get("cig") else None,
                    "status": _lot_status(lot, number, tender_status, awarded_lots, state),
                    "value": money(lot.get("amount")),
                }
            )
        )
        items.append(
            _clean(
                {
                    "id": number,
                    "description": lot.get("subject"),
                    "classification": _cpv(lot.get("cpv")) or _cpv(dossier.main_cpv),
                    "additionalClassifications": secondary,
                    "relatedLot": number,
                }
            )
        )
    return lots, items


def documents(dossier):
    """The dossier's documents the caller may see, from the catalog (no file is read)."""
    zone = _zone()
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(
        path={"query": "/".join(dossier.getPhysicalPath()), "depth": -1},
        is_folderish=False,
        sort_on="created",
    )
    found = []
    for brain in brains:
        mime_type = getattr(brain, "mime_type", None)
        found.append(
            _clean(
                {
                    "id": brain.UID,
                    "title": brain.Title,
                    "description": brain.Description,
                    "url": brain.getURL(),
                    "format": mime_type if mime_type and "/" in mime_type else None,
                    "datePublished": moment(brain.created, zone),
                    "dateModified": moment(brain.modified, zone),
                    "language": "it",
                }
            )
        )
    return found


def tender(dossier, state, tender_status, parties, bidders, awarded_lots):
    lots, items = lots_and_items(dossier, tender_status, awarded_lots, state)
    procedure = dossier.procedure
    platform = " - ".join(filter(None, (dossier.platform, dossier.platform_reference)))
    tenderers = [_reference(p) for p in parties if "tenderer" in p["roles"]]
    procuring = next((p for p in parties if "procuringEntity" in p["roles"]), None)
    offer_deadline = dossier.offer_deadline
    return _clean(
        {
            "id": dossier.UID(),
            "title": dossier.title,
            "description": dossier.description,
            "status": tender_status,
            "procuringEntity": _reference(procuring) if procuring else None,
            "items": items,
            "value": money(dossier.total_amount),
            "procurementMethod": PROCUREMENT_METHODS.get(procedure),
            "procurementMethodDetails": _label("sceltaContraente", procedure),
            "mainProcurementCategory": CATEGORIES.get(dossier.contract_object),
            "awardCriteria": dossier.award_criterion,
            "awardCriteriaDetails": AWARD_CRITERIA_DETAILS.get(dossier.award_criterion),
            "submissionMethod": ["electronicSubmission"] if platform else None,
            "submissionMethodDetails": platform or None,
            "tenderPeriod": _clean(
                {
                    "startDate": moment(dossier.publication_date),
                    "endDate": moment(offer_deadline),
                }
            ),
            "awardPeriod": _clean({"startDate": moment(dossier.opening_session)}),
            "numberOfTenderers": len(tenderers) if bidders else None,
            "tenderers": tenderers,
            "documents": documents(dossier),
            "lots": lots,
        }
    )


# Awards and contracts -------------------------------------------------------------


def awardees_by_lot(dossier, bidders):
    """lot number -> the bidders proposed as awardees of that lot (a group has several)."""
    lots = {str(i) for i in range(1, len(dossier.lots or ()) + 1)}
    found = {}
    for bidder in bidders:
        lot = str(bidder.get("lot") or "").strip()
        if bidder.get("awardee") and lot in lots:
            found.setdefault(lot, []).append(bidder)
    return dict(sorted(found.items(), key=lambda item: int(item[0])))


def awards(dossier, awardees):
    result = []
    for lot, winners in awardees.items():
        # A group of companies makes one offer: the first amount given is it.
        amounts = [b["offer_amount"] for b in winners if b.get("offer_amount") is not None]
        offer = amounts[0] if amounts else None
        result.append(
            _clean(
                {
                    "id": f"award-{lot}",
                    "title": f"Aggiudicazione lotto {lot}",
                    "status": "active",
                    "date": moment(dossier.award_date),
                    "value": money(offer),
                    "suppliers": list(
                        {
                            _tax_code(b): {"id": _party_id(_tax_code(b)), "name": b.get("name")}
                            for b in winners
                        }.values()
                    ),
                    "relatedLots": [lot],
                }
            )
        )
    return result


def contracts(dossier, award_list, state):
    status = "terminated" if state == lifecycle.CHIUSO else "active"
    return [
        _clean(
            {
                "id": f"contract-{award['relatedLots'][0]}",
                "awardID": award["id"],
                "title": f"Contratto lotto {award['relatedLots'][0]}",
                "status": status,
                "value": award.get("value"),
                "dateSigned": moment(dossier.contract_date),
            }
        )
        for award in award_list
    ]


# The release ----------------------------------------------------------------------


def ocid(dossier):
    return f"{ocid_prefix()}-{dossier.UID()}"


def _planning(dossier):
    cups = [cup for cup in dossier.cups or () if cup]
    if not cups:
        return None
    return {
        "budget": {
            "id": cups[0],
            "description": "CUP " + ", ".join(cups),
            "projectID": cups[0],
        }
    }


def release(dossier):
    """The OCDS release of the dossier as the caller sees it now (a JSON-ready dict)."""
    state = state_of(dossier)
    tag, tender_status = stage(dossier, state)
    bidders = _bidders(dossier, state)
    awarded = state in AWARD_STATES and tender_status == "complete"
    awardees = awardees_by_lot(dossier, bidders) if awarded else {}
    parties = [p for p in (procuring_entity(dossier), buyer(dossier)) if p]
    parties.extend(bidder_parties(bidders, awarded))
    comune = next((p for p in parties if "buyer" in p["roles"]), None)
    award_list = awards(dossier, awardees)
    when = release_date(dossier)
    data = _clean(
        {
            "ocid": ocid(dossier),
            "date": moment(when),
            "tag": [tag],
            "initiationType": "tender",
            "language": "it",
            "parties": parties,
            "buyer": _reference(comune) if comune else None,
            "planning": _planning(dossier),
            "tender": tender(dossier, state, tender_status, parties, bidders, set(awardees)),
            "awards": award_list,
            "contracts": contracts(dossier, award_list, state) if state in CONTRACT_STATES else [],
        }
    )
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()
    stamp = when.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    return {"ocid": data["ocid"], "id": f"{data['ocid']}-{stamp}-{digest[:8]}", **data}
