"""Registration numbers stay unique and gap-free when 8 registrars register at once.

Eight clients post 100 registrations each to the functional layer's WSGI server (waitress,
several worker threads, ZPublisher's ConflictError retries): the 800 documents get the numbers
1…800 of their register, each once, and the SQL ledger agrees. The retry rate is printed.
"""

import concurrent.futures
from plone import api
from ratusha.registry import numbers
from ratusha.registry.config import today
from ratusha.registry.numbering import DEFAULT_FORMAT
import re
from registry_helpers import PASSWORD
import time
import transaction


CLERKS, EACH = 8, 100


class TestConcurrency:
    """Registrations at the same moment."""

    def test_800_concurrent_registrations(self, http_people, api_session):
        portal = http_people
        with api.env.adopt_roles(["Manager"]):
            register = api.content.create(
                container=portal.registry,
                type="Register",
                id="load-test",
                title="Товарен тест",
                index="99-99",
                kind="incoming",
                number_format=DEFAULT_FORMAT,
                yearly=True,
            )
        transaction.commit()
        url = f"{portal.absolute_url()}/@registry-register"
        numbers.stats.reset()

        def clerk(worker):
            session = api_session("clerk" if worker % 2 else "clerk2", PASSWORD)
            results = []
            for index in range(EACH):
                reply = session.post(
                    url,
                    json={
                        "register": "load-test",
                        "title": f"Заявление {worker}-{index}",
                        "kind": "application",
                    },
                )
                results.append((reply.status_code, reply.json().get("number")))
            return results

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(CLERKS) as pool:
            replies = [r for batch in pool.map(clerk, range(CLERKS)) for r in batch]
        elapsed = time.monotonic() - started

        stats = numbers.stats
        print(
            f"\n{CLERKS}×{EACH} registrations in {elapsed:.1f}s "
            f"({CLERKS * EACH / elapsed:.1f}/s); committed {stats.committed}, "
            f"reservations rolled back and retried: {stats.rolled_back}"
        )
        statuses = {status for status, _number in replies}
        assert statuses == {201}, statuses
        got = [number for _status, number in replies]
        sequence = sorted(int(re.match(r"99-99-(\d+)/", n).group(1)) for n in got)
        assert len(set(got)) == CLERKS * EACH
        assert sequence == list(range(1, CLERKS * EACH + 1))
        rows = numbers.ledger_rows(register.register_key(), today().year)
        assert [r["seq"] for r in rows] == list(range(1, CLERKS * EACH + 1))
        assert sorted(r["number"] for r in rows) == sorted(got)
        assert stats.committed == CLERKS * EACH
