"""A member of Province B gets nothing of Province A's non-public content, by any channel.

Province A (Cuneo) is private, as communities are by default: everything in it,
published or not, is non-public. Everything stored there carries the word
``Zafferano``. Each channel is asked twice over HTTP: by Province A's Coordinatore,
who must get Province A's content (so the channel really carries it and the test
can fail), and by a member of Province B, who must get none of it.

The last tests quote A's content from elsewhere (rich text links and images by
uid or path, related items, Link addresses, ``resolveuid`` URLs): stock Plone told
titles, descriptions or addresses there; ``provincecomuni.membership.isolation``
closes those channels.
"""

from conftest import LEAK
from conftest import PASSWORD
from conftest import PROVINCE_A
from conftest import PROVINCE_B
from conftest import SECRET
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

import gzip
import json
import pytest
import requests
import transaction


INSIDER = "a-coordinatore"
FOREIGNER = "b-membro"
JSON = {"Accept": "application/json"}


def session_of(login):
    session = requests.Session()
    if login:
        session.auth = (login, PASSWORD)
    return session


@pytest.fixture
def insider():
    return session_of(INSIDER)


@pytest.fixture
def foreigner():
    return session_of(FOREIGNER)


def a(site, path=""):
    return f"{site}/province/{PROVINCE_A}{path}"


def b(site, path=""):
    return f"{site}/province/{PROVINCE_B}{path}"


def refused(response):
    """401/403, or the classic UI's redirect to the login form; and not a word of A."""
    if response.status_code in (401, 403):
        ok = True
    else:
        ok = response.status_code == 302 and "require_login" in response.headers["location"]
    return ok and not leaks(response)


def leaks(response_or_text):
    """True if the answer carries any of Province A's content."""
    text = response_or_text
    if isinstance(text, requests.Response):
        text = text.content.decode("utf-8", "replace")
    return LEAK.search(text) is not None


def get(session, url, **kwargs):
    return session.get(url, allow_redirects=False, timeout=60, **kwargs)


# The page -----------------------------------------------------------------------


@pytest.mark.parametrize("state", ["published", "private"])
def test_page(server, insider, foreigner, state):
    for path in (f"/pagina-{state}", f"/cartella-{state}/nota", ""):
        if path:
            assert leaks(get(insider, a(server, path)))
        assert refused(get(foreigner, a(server, path))), path
        assert refused(get(foreigner, a(server, path), headers=JSON)), path


# Folder listings ------------------------------------------------------------------


def test_folder_listings(server, insider, foreigner):
    for path in ("/@@folder_contents", "/cartella-published/@@folder_contents"):
        assert get(insider, a(server, path)).status_code == 200
        assert refused(get(foreigner, a(server, path))), path
    # REST: the folder's items.
    items = get(insider, a(server, "/cartella-published"), headers=JSON).json()["items"]
    assert [item["title"] for item in items] == [f"{SECRET} nota pubblicata"]
    assert refused(get(foreigner, a(server, "/cartella-published"), headers=JSON))
    assert refused(get(foreigner, a(server), headers=JSON))
    # The Provinces section lists the communities one may see: not A's.
    for who, sees_a in ((insider, True), (foreigner, False)):
        items = get(who, f"{server}/province", headers=JSON).json()["items"]
        ids = {item["@id"] for item in items}
        assert (a(server) in ids, b(server) in ids) == (sees_a, not sees_a)
    # The Province section's page (its grouped list of communities).
    assert a(server) + '"' in get(insider, f"{server}/province").text
    response = get(foreigner, f"{server}/province")
    assert b(server) + '"' in response.text
    assert a(server) + '"' not in response.text
    # The listing's data source of the classic UI (folder contents, related items).
    contains = "plone.app.querystring.operation.string.contains"
    query = {"criteria": [{"i": "SearchableText", "o": contains, "v": SECRET}]}
    params = {
        "name": "plone.app.vocabularies.Catalog",
        "query": json.dumps(query),
        "attributes": json.dumps(["UID", "Title", "path"]),
        "batch": json.dumps({"page": 1, "size": 100}),
    }
    url = f"{server}/@@getVocabulary"
    assert get(insider, url, params=params).json()["total"] >= 12
    response = get(foreigner, url, params=params)
    assert response.status_code == 200
    assert response.json()["total"] == 0
    assert not leaks(response)


# Search ---------------------------------------------------------------------------


def test_rest_search(server, insider, foreigner):
    for params in (
        {"SearchableText": SECRET},
        {"path": f"/plone/province/{PROVINCE_A}"},
        {"portal_type": ["File", "Image", "Event"]},
        {"review_state": "private"},
    ):
        params = dict(params, b_size=200)
        found = get(insider, f"{server}/@search", params=params, headers=JSON).json()
        assert found["items_total"] > 0, params
        found = get(foreigner, f"{server}/@search", params=params, headers=JSON)
        assert found.status_code == 200
        ids = [item["@id"] for item in found.json()["items"]]
        assert not [i for i in ids if i.startswith(a(server))], params
        assert not leaks(found), params


def test_querystring_search(server, insider, foreigner):
    body = {
        "query": [
            {
                "i": "SearchableText",
                "o": "plone.app.querystring.operation.string.contains",
                "v": SECRET,
            }
        ],
        "b_size": 200,
    }
    url = f"{server}/@querystring-search"
    assert insider.post(url, json=body, headers=JSON).json()["items_total"] >= 12
    response = foreigner.post(url, json=body, headers=JSON)
    assert response.status_code == 200
    assert response.json()["items_total"] == 0
    body["query"] = [
        {
            "i": "path",
            "o": "plone.app.querystring.operation.string.absolutePath",
            "v": f"/province/{PROVINCE_A}",
        }
    ]
    assert insider.post(url, json=body, headers=JSON).json()["items_total"] >= 12
    response = foreigner.post(url, json=body, headers=JSON)
    assert response.json()["items_total"] == 0
    assert not leaks(response)


def test_classic_search_page(server, insider, foreigner):
    for view in ("@@search",):
        params = {"SearchableText": SECRET}
        assert leaks(get(insider, f"{server}/{view}", params=params)), view
        response = get(foreigner, f"{server}/{view}", params=params)
        assert response.status_code == 200
        assert not leaks(response), view


def test_livesearch(server, insider, foreigner):
    # Plone 6.2 classic answers the live search box with @@ajax-search.
    params = {"SearchableText": SECRET}
    assert leaks(get(insider, f"{server}/@@ajax-search", params=params))
    response = get(foreigner, f"{server}/@@ajax-search", params=params)
    assert response.status_code == 200
    assert not leaks(response)
    # Plone 4's livesearch_reply no longer exists: nothing to leak through.
    for who in (insider, foreigner):
        assert get(who, f"{server}/livesearch_reply", params={"q": SECRET}).status_code == 404


# Navigation and breadcrumbs ------------------------------------------------------------


@pytest.fixture
def deep_navigation(functional):
    """The navigation at its most talkative: three levels deep, communities shown.

    The site ships with depth 1 and without communities in the navigation; with
    these settings A's content is in the menus and trees of A's members, so the
    tests below show that the navigation really filters it for others.
    """
    from plone import api
    from zope.component.hooks import setSite

    setSite(functional["portal"])
    api.portal.set_registry_record("plone.navigation_depth", 3)
    api.portal.set_registry_record("plone.nonfolderish_tabs", True)
    api.portal.set_registry_record("plone.show_excluded_items", True)
    displayed = api.portal.get_registry_record("plone.displayed_types")
    api.portal.set_registry_record(
        "plone.displayed_types", (*displayed, "ProvinceCommunity", "File", "Image")
    )
    transaction.commit()


def test_navigation_in_the_pages(server, insider, foreigner, deep_navigation):
    assert leaks(get(insider, f"{server}/buone-pratiche"))  # A's content is in the menus...
    assert leaks(get(insider, f"{server}/sitemap"))  # ...and in the site map page...
    for url in (f"{server}/buone-pratiche", b(server, "/pagina-modena"), f"{server}/sitemap"):
        response = get(foreigner, url)
        assert response.status_code == 200
        assert not leaks(response), url  # ...but never for a member of B.
        assert a(server) + '"' not in response.text, url
    assert "Pagina di Modena" in response.text


def test_breadcrumbs(server, insider, foreigner):
    for path in ("/pagina-published", "/pagina-private", "/cartella-published/nota"):
        crumbs = get(insider, a(server, path + "/@breadcrumbs"), headers=JSON).json()
        assert leaks(crumbs["items"][-1]["title"])
        response = get(foreigner, a(server, path + "/@breadcrumbs"), headers=JSON)
        assert response.status_code == 401
        assert not leaks(response)


def test_rest_navigation(server, insider, foreigner, deep_navigation):
    params = {"expand.navigation.depth": 4}
    for url in (f"{server}/@navigation", b(server, "/pagina-modena/@navigation")):
        response = get(foreigner, url, params=params, headers=JSON)
        assert response.status_code == 200
        assert not leaks(response), url
        assert a(server) + '"' not in response.text, url
    assert leaks(get(insider, f"{server}/@navigation", params=params, headers=JSON))
    assert refused(get(foreigner, a(server, "/@navigation"), headers=JSON))


def test_rest_contextnavigation(server, insider, foreigner, deep_navigation):
    params = {"expand.contextnavigation.bottomLevel": 4, "expand.contextnavigation.topLevel": 0}
    for url in (f"{server}/@contextnavigation", b(server, "/pagina-modena/@contextnavigation")):
        response = get(foreigner, url, params=params, headers=JSON)
        assert response.status_code == 200
        assert not leaks(response), url
        assert a(server) + '"' not in response.text, url
    assert leaks(get(insider, f"{server}/@contextnavigation", params=params, headers=JSON))
    assert leaks(get(insider, a(server, "/@contextnavigation"), params=params, headers=JSON))
    assert refused(get(foreigner, a(server, "/@contextnavigation"), headers=JSON))


# Files and images ------------------------------------------------------------------


@pytest.mark.parametrize("state", ["published", "private"])
def test_file_download(server, insider, foreigner, state):
    for view in ("@@download/file", "@@display-file/file", "view"):
        url = a(server, f"/allegato-{state}/{view}")
        assert leaks(get(insider, url)), view
        assert refused(get(foreigner, url)), view


@pytest.mark.parametrize("state", ["published", "private"])
def test_image_scales(server, insider, foreigner, state):
    image = a(server, f"/immagine-{state}")
    scales = get(insider, image, headers=JSON).json()["image"]["scales"]
    urls = [
        f"{image}/@@images/image/preview",
        f"{image}/@@images/image",
        f"{image}/@@download/image",
        f"{image}/{scales['preview']['download']}"
        if not scales["preview"]["download"].startswith("http")
        else scales["preview"]["download"],
    ]
    for url in urls:
        response = get(insider, url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("image/"), url
        assert refused(get(foreigner, url)), url


# Feeds --------------------------------------------------------------------------------


def test_rss_and_atom_feeds(server, insider, foreigner):
    # Syndication is enabled on both communities and on the site (conftest).
    # (itunes.xml is not among the feed types enabled by default: 404 for everyone.)
    for feed in ("rss.xml", "atom.xml", "RSS"):
        assert leaks(get(insider, a(server, f"/{feed}"))), feed
        assert refused(get(foreigner, a(server, f"/{feed}"))), feed
        for url in (b(server, f"/{feed}"), f"{server}/{feed}"):
            response = get(foreigner, url)
            assert response.status_code == 200, url
            assert not leaks(response), url
    # The search feed lists the navigation root's own items only (Plone 6.2).
    response = get(foreigner, f"{server}/search_rss", params={"SearchableText": SECRET})
    assert response.status_code == 200
    assert not leaks(response)


def test_ical(server, insider, foreigner):
    for path in ("/ics_view", "/evento-published/ics_view", "/evento-private/ics_view"):
        body = get(insider, a(server, path)).text
        assert "BEGIN:VEVENT" in body and leaks(body), path
        assert refused(get(foreigner, a(server, path))), path
    for url in (f"{server}/ics_view", f"{server}/province/ics_view", b(server, "/ics_view")):
        response = get(foreigner, url)
        assert response.status_code == 200, url
        assert not leaks(response), url
    assert leaks(get(insider, f"{server}/ics_view"))


# The sitemap ----------------------------------------------------------------------------


def _sitemap(session, server):
    index = get(session, f"{server}/sitemap.xml.gz")
    assert index.status_code == 200
    assert "sitemapindex" in gzip.decompress(index.content).decode()
    response = get(session, f"{server}/sitemap.xml.gz", params={"page": 1})
    assert response.status_code == 200
    return gzip.decompress(response.content).decode()


def test_sitemap(server, insider, foreigner):
    assert a(server, "/pagina-private") in _sitemap(insider, server)
    sitemap = _sitemap(foreigner, server)
    assert b(server, "/pagina-modena") in sitemap
    assert a(server) not in sitemap
    # Anonymous sitemaps are cached: one made after a member's visit shows nothing of A.
    sitemap = _sitemap(session_of(None), server)
    assert "/province/" not in sitemap


def test_site_owner_sees_everything(server):
    # The fixture really holds Province A's content (the foreign member's empty
    # answers above are not those of an empty site).
    owner = requests.Session()
    owner.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    found = get(owner, f"{server}/@search", params={"SearchableText": SECRET}, headers=JSON)
    assert found.json()["items_total"] == 12


# Links by UID -------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["published", "private"])
def test_resolveuid_links(server, insider, foreigner, state):
    # Rich text links to content as resolveuid/<uid>; one who holds such a link to
    # A's content (quoted in a shared network, say) learns nothing by following it.
    uid = get(insider, a(server, f"/pagina-{state}"), headers=JSON).json()["UID"]
    response = get(insider, f"{server}/resolveuid/{uid}")
    assert response.status_code == 301
    assert response.headers["location"] == a(server, f"/pagina-{state}")
    for who in (foreigner, session_of(None)):
        response = get(who, f"{server}/resolveuid/{uid}")
        assert refused(response), response.status_code
        assert f"pagina-{state}" not in response.headers.get("location", "").split("?")[0]
        assert "pagina-" not in response.text
    # An unknown uid stays "not found", for everybody.
    assert get(foreigner, f"{server}/resolveuid/{'0' * 32}").status_code == 404


QUOTING_TEXT = """
<p><a href="resolveuid/{page}">un documento</a></p>
<p><img class="image-richtext captioned" src="resolveuid/{image}/@@images/image/preview" /></p>
<p><img class="image-richtext captioned" src="{image_path}/@@images/image/preview" /></p>
"""


@pytest.fixture
def pages_quoting_a(functional):
    """The same rich text, quoting A's private page and image by uid and by path, in a
    page of the public "Buone pratiche" section and in a page of Province A."""
    from plone import api
    from plone.app.testing import login
    from plone.app.textfield.value import RichTextValue
    from z3c.relationfield import RelationValue
    from zope.component import getUtility
    from zope.component.hooks import setSite
    from zope.intid.interfaces import IIntIds

    portal = functional["portal"]
    setSite(portal)
    login(portal.aq_parent, SITE_OWNER_NAME)
    community = portal["province"][PROVINCE_A]
    text = QUOTING_TEXT.format(
        page=api.content.get_uuid(community["pagina-private"]),
        image=api.content.get_uuid(community["immagine-private"]),
        image_path="/".join(community["immagine-private"].getPhysicalPath()),
    )
    intids = getUtility(IIntIds)
    related = [community["pagina-private"], community["pagina-published"]]
    for container in (portal["buone-pratiche"], community):
        page = api.content.create(
            container=container,
            type="Document",
            id="citazioni",
            title="Citazioni",
            text=RichTextValue(text, "text/html", "text/x-html-safe"),
            relatedItems=[RelationValue(intids.getId(item)) for item in related],
        )
        api.content.transition(obj=page, transition="publish")
    transaction.commit()
    return {item.getId(): intids.getId(item) for item in related}


def test_rich_text_quoting_another_community(server, insider, foreigner, pages_quoting_a):
    resolved = (
        a(server, "/pagina-private"),
        f'title="{SECRET} immagine privata"',
        f"Descrizione {SECRET} immagine privata",
    )
    # In Province A's own page the links and images are resolved as usual...
    response = get(insider, a(server, "/citazioni"))
    assert [part for part in resolved if part in response.text] == list(resolved)
    # ...while a page every visitor reads tells nobody A's titles, descriptions or
    # addresses (the text is rendered once for all its readers).
    for who in (foreigner, session_of(None)):
        for headers in ({}, JSON):
            response = get(who, f"{server}/buone-pratiche/citazioni", headers=headers)
            assert response.status_code == 200
            assert [part for part in resolved if part in response.text] == [], headers
            assert not leaks(response), headers
    # (A's Coordinatore, who may see all of it, gets the same text: the page's
    # portlets and related items, not the text, show them A's content.)
    response = get(insider, f"{server}/buone-pratiche/citazioni", headers=JSON)
    text = response.json()["text"]["data"]
    assert [part for part in resolved if part in text] == []
    assert "resolveuid/" in text


def test_related_items_in_another_community(server, insider, foreigner, pages_quoting_a):
    # The same pages relate A's two pages: shown to whoever may see them, only.
    items = get(insider, f"{server}/buone-pratiche/citazioni", headers=JSON).json()
    assert sorted(item["title"] for item in items["relatedItems"]) == [
        f"{SECRET} pagina privata",
        f"{SECRET} pagina pubblicata",
    ]
    for who in (foreigner, session_of(None)):
        response = get(who, f"{server}/buone-pratiche/citazioni", headers=JSON)
        assert response.json()["relatedItems"] == []
        assert not leaks(response)
        assert a(server) not in response.text


def test_relating_by_intid_to_another_community(server, foreigner, pages_quoting_a):
    # A member of B edits B's page and relates it to A's pages by their int ids.
    page = b(server, "/pagina-modena")
    response = foreigner.patch(
        page, json={"relatedItems": list(pages_quoting_a.values())}, headers=JSON
    )
    assert not leaks(response)
    related = get(foreigner, page, headers=JSON).json()["relatedItems"]
    assert related == []
    assert not leaks(get(foreigner, page, headers=JSON))
    assert not leaks(get(foreigner, page))


def test_link_addresses_into_another_community(server, insider, foreigner):
    # A member of B writes Links, in B, to A's private page by uid and by path, and
    # to a uid and a path that do not exist: REST answers the same for both pairs.
    uid = get(insider, a(server, "/pagina-private"), headers=JSON).json()["UID"]
    targets = {
        "per-uid": f"${{portal_url}}/resolveuid/{uid}",
        "uid-ignoto": "${portal_url}/resolveuid/" + "0" * 32,
        "per-percorso": f"${{portal_url}}/province/{PROVINCE_A}/pagina-private",
        "percorso-ignoto": f"${{portal_url}}/province/{PROVINCE_A}/non-esiste",
    }
    answers = {}
    for link_id, url in targets.items():
        response = foreigner.post(
            b(server),
            json={"@type": "Link", "id": link_id, "title": link_id, "remoteUrl": url},
            headers=JSON,
        )
        assert response.status_code == 201, response.text
        response = get(foreigner, b(server, f"/{link_id}"), headers=JSON)
        assert not leaks(response)
        answers[link_id] = response.json()["remoteUrl"]
    assert answers["per-uid"] == targets["per-uid"]  # not A's address
    assert answers["per-percorso"] == f"/province/{PROVINCE_A}/pagina-private"
    assert answers["percorso-ignoto"] == f"/province/{PROVINCE_A}/non-esiste"
    # Who may view the target gets its address, as before.
    with_access = session_of(None)
    with_access.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    response = get(with_access, b(server, "/per-uid"), headers=JSON)
    assert response.json()["remoteUrl"] == a(server, "/pagina-private")


@pytest.fixture
def tagged_in_a(functional):
    """A's private page carries a tag (Subject) used nowhere else."""
    from plone.app.testing import login
    from zope.component.hooks import setSite

    portal = functional["portal"]
    setSite(portal)
    login(portal.aq_parent, SITE_OWNER_NAME)
    page = portal["province"][PROVINCE_A]["pagina-private"]
    page.setSubject(["zafferano-tag-riservato"])
    page.reindexObject()
    transaction.commit()
    return "zafferano-tag-riservato"


def test_tags_of_another_community(server, insider, foreigner, tagged_in_a):
    name = "plone.app.vocabularies.Keywords"
    classic = {"name": name, "query": "zafferano", "field": "subjects"}
    rest = {"title": "zafferano"}
    assert tagged_in_a in get(insider, a(server, "/@@getVocabulary"), params=classic).text
    for response in (
        get(foreigner, b(server, "/@@getVocabulary"), params=classic),
        get(foreigner, b(server, f"/@vocabularies/{name}"), params=rest, headers=JSON),
    ):
        assert response.status_code == 200
        assert tagged_in_a not in response.text
