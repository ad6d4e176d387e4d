"""The citizens' front page shows the next convened council session first, in Sofia time."""

from council_helpers import convened_session
from council_helpers import make_session
import datetime
import requests
import transaction


UTC = datetime.UTC


def front(portal):
    return requests.get(portal.absolute_url(), allow_redirects=False).text


def test_the_next_convened_session_comes_first(http_council):
    portal = http_council.aq_parent
    assert 'id="front-next-session"' not in front(portal)  # nothing convened, no empty box

    make_session(title="Подготвяно заседание", start=datetime.datetime(2099, 1, 5, 8, tzinfo=UTC))
    convened_session(title="Второ заседание", start=datetime.datetime(2099, 3, 1, 8, tzinfo=UTC))
    first = convened_session(
        title="Първо заседание", start=datetime.datetime(2099, 1, 15, 8, tzinfo=UTC)
    )
    transaction.commit()

    text = front(portal)
    section = text[text.index('id="front-next-session"') : text.index('class="ratusha-public"')]
    assert "Първо заседание" in section and f'href="{first.absolute_url()}"' in section
    assert "15.01.2099 10:00" in section  # 08:00 UTC is 10:00 in Sofia in winter
    assert "Второ заседание" not in section and "Подготвяно заседание" not in text
    assert requests.get(first.absolute_url()).status_code == 200
