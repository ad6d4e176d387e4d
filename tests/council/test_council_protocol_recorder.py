"""The protocol page's «Minutes taken by» choice and the protocol's text name the same person:
the one chosen, else the council's first staff member (protocol.record.recorder_id)."""

from council_helpers import PASSWORD
from council_helpers import STAFF
from council_protocol_helpers import met_session
from ratusha.council.councils import fullname
from ratusha.council.protocol.record import recorder_of
import re
import requests
import transaction


def chosen(html):
    select = re.search(r'<select name="recorder".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*\bselected\b[^>]*>([^<]*)</option>", select)


def test_recorder_choice_names_who_the_protocol_names(http_council):
    session = met_session()
    transaction.commit()
    named = recorder_of(session)
    assert named == fullname(STAFF)
    page = requests.get(f"{session.absolute_url()}/@@protocol", auth=(STAFF, PASSWORD))
    assert page.status_code == 200
    assert chosen(page.text) == [named]
