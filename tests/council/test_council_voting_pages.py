"""The voting panel of the live page for each person, the results screen and the form of the
majority rule table, over real HTTP."""

from council_helpers import CHAIR
from council_helpers import COUNCILLORS
from council_helpers import MAYOR
from council_helpers import PASSWORD
from council_helpers import STAFF
from council_voting_helpers import budget_item
from council_voting_helpers import client
from council_voting_helpers import open_session
from council_voting_helpers import post
from plone import api
from ratusha.council.voting import settings
import re
import requests
import transaction


HTML = {"Accept": "text/html"}


def panel(user, session):
    reply = client(user).get(f"{session.absolute_url()}/@live-state", params={"html": 1})
    assert reply.status_code == 200, reply.text
    return reply.json()["sections"]["voting"]


def test_the_panel_shows_each_person_what_is_theirs(http_council):
    session = open_session(present=COUNCILLORS[:12])
    item = budget_item(session)
    transaction.commit()
    assert session.current_item == item.UID()  # opening the session puts item 1 on
    chair = panel(CHAIR, session)
    assert 'data-vote-form="create"' in chair["html"] and 'id="voting-none"' in chair["html"]
    created = post(
        STAFF, f"{item.absolute_url()}/@polls", {"kind": "whole", "mode": "roll_call"}
    ).json()
    html = panel(CHAIR, session)["html"]
    assert 'id="poll-open"' in html, html
    assert post(CHAIR, f"{created['@id']}/open").ok

    councillor = panel("cllr05", session)
    assert 'data-vote-action="vote"' not in councillor["html"]  # a roll call: the clerk records
    clerk = panel(STAFF, session)
    assert clerk["html"].count('data-vote-action="record"') == 12 * 3
    assert post(STAFF, f"{created['@id']}/record", {"voter": "cllr05", "choice": "no"}).ok
    clerk = panel(STAFF, session)
    assert ["cllr05", "no"] in clerk["state"]["recorded"]
    assert 'data-user="cllr05" data-choice="no"' in clerk["html"]
    assert post(CHAIR, f"{created['@id']}/close").ok

    named = post(STAFF, f"{item.absolute_url()}/@polls", {"kind": "whole"}).json()
    assert post(CHAIR, f"{named['@id']}/open").ok
    councillor = panel("cllr05", session)
    assert councillor["html"].count('data-vote-action="vote"') == 3
    assert councillor["state"]["mine"]["voted"] is False
    late = panel("cllr20", session)  # absent when the poll opened
    assert 'data-vote-action="vote"' not in late["html"]
    mayor = panel(MAYOR, session)
    assert "data-vote-action" not in mayor["html"] and "mine" not in mayor["state"]
    post("cllr05", f"{item.absolute_url()}/@vote", {"poll": named["id"], "choice": "abstain"})
    councillor = panel("cllr05", session)
    assert 'data-my-vote="abstain"' in councillor["html"]
    chair = panel(CHAIR, session)
    assert chair["state"]["voted"] == 1 and len(chair["state"]["not_voted"]) == 11
    assert 'id="poll-close"' in chair["html"]
    assert post(CHAIR, f"{named['@id']}/close").ok
    result = panel("cllr05", session)
    assert 'data-adopted="false"' in result["html"]

    screen = client("cllr05").get(f"{item.absolute_url()}/@@results", headers=HTML)
    assert screen.status_code == 200
    assert screen.text.count('class="ratusha-results-poll"') == 2


def browser_client(user):
    """Basic auth, form posts (not the JSON headers of the REST client)."""
    session = requests.Session()
    session.auth = (user, PASSWORD)
    session.headers.update(HTML)
    return session


def authenticator(html):
    return re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)


def test_the_rule_table_form(http_council):
    council = api.portal.get()["council"]
    transaction.commit()
    url = f"{council.absolute_url()}/@@voting-rules"
    staff = browser_client(STAFF)
    page = staff.get(url)
    assert page.status_code == 200 and 'name="rule.6.basis"' in page.text  # 6 rules + a new one
    form = {"_authenticator": authenticator(page.text), "rows": "7"}
    for index, rule in enumerate(settings.rule_table(council)):
        rule = rule.to_dict()
        for name in ("basis", "base", "citation", "valid_from"):
            form[f"rule.{index}.{name}"] = rule[name] or ""
        for name in ("named_vote_required", "secret"):
            if rule[name]:
                form[f"rule.{index}.{name}"] = "on"
    form["rule.4.delete"] = "on"  # ЗОС чл. 6 ал. 2 goes
    form.update(
        {
            "rule.6.basis": "ЗУТ чл. 21",
            "rule.6.base": "two_thirds_all",
            "rule.6.citation": "чл. 21 ал. 5 ЗУТ",
            "rule.6.valid_from": "2024-01-01",
        }
    )
    saved = staff.post(url, data=form)
    assert saved.status_code == 200
    transaction.begin()
    table = settings.rule_table(council)
    assert [r.basis.format() if r.basis else None for r in table] == [
        None,
        "ЗМСМА чл. 21 ал. 1 т. 6",
        "ЗМСМА чл. 21 ал. 1 т. 8",
        "ЗОС чл. 6 ал. 1",
        "ЗМСМА чл. 24",
        "ЗУТ чл. 21",
    ]
    assert settings.allow_change(council) is False  # the box was not ticked
    # a wrong row is refused and nothing changes
    form = {
        "_authenticator": authenticator(saved.text),
        "rows": "1",
        "rule.0.basis": "ЗОС чл. 6",
        "rule.0.base": "simple",
        "rule.0.valid_from": "2024-01-01",
    }
    refused = staff.post(url, data=form)
    assert refused.status_code == 200 and "portalMessage" in refused.text
    transaction.begin()
    assert len(settings.rule_table(council)) == 6
    councillor = browser_client("cllr05")
    page = councillor.get(url)
    assert (
        page.status_code == 200
        and 'type="submit"' not in page.text.split('id="voting-rules-form"')[1].split("</form>")[0]
    )
