"""The report's page and CSV over real HTTP: the same figures as REST, filters, refusals."""

import csv
import io
from lxml import html
from registry_helpers import PASSWORD
import requests
from test_reports_rest import NOVEMBER
from test_reports_rest import november


def page(portal, user=None, name="administration-report", **params):
    auth = (user, PASSWORD) if user else None
    return requests.get(
        f"{portal.absolute_url()}/@@{name}",
        params=params,
        auth=auth,
        headers={"Accept-Language": "bg"},
        allow_redirects=False,
    )


def figures(text):
    tree = html.fromstring(text)
    return {
        node.get("data-figure"): node.text_content().strip()
        for node in tree.xpath("//*[@data-figure]")
    }


class TestPages:
    def test_page_and_csv_show_the_registers_figures(self, http_people, time_machine):
        portal = http_people
        november(portal, time_machine)
        reply = page(portal, "mayor", **NOVEMBER)
        assert reply.status_code == 200
        shown = figures(reply.text)
        assert shown["received"] == "3" and shown["sent"] == "1"
        assert shown["share_on_time"] == "50 %"
        assert shown["average_working_days"] == "4,0"
        assert shown["overdue_now"] == "1"
        assert shown["meetings-held"] == "0" and shown["council-sessions"] == "0"
        assert "Все още не" in shown["participation"]
        tree = html.fromstring(reply.text)
        [chart] = tree.xpath("//figure//*[local-name()='svg']")
        assert chart.get("role") == "img" and chart.get("aria-label")
        assert not tree.xpath("//*[local-name()='svg']//*[local-name()='script']")
        # the department filter keeps its choice
        taxes = page(portal, "mayor", department="dep-taxes", **NOVEMBER)
        assert figures(taxes.text)["received"] == "1"
        assert html.fromstring(taxes.text).xpath("//option[@selected]/@value") == ["dep-taxes"]

        export = page(portal, "secretary", name="administration-report-csv", **NOVEMBER)
        assert export.status_code == 200
        assert export.headers["Content-Type"].startswith("text/csv")
        assert export.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        assert rows[0] == ["Раздел", "Отдел", "Месец", "Показател", "Стойност"]
        assert ["Документи", "Данъци", "11.2026", "Постъпили", "1"] in rows
        assert ["Документи", "", "", "Просрочени сега", "1"] in rows
        assert ["Документи", "", "", "Дял отговорени в срок", "50 %"] in rows

    def test_bad_filter_is_a_form_message(self, http_people):
        reply = page(http_people, "mayor", **{"from": "2026-12-01", "to": "2026-11-01"})
        assert reply.status_code == 400
        [message] = html.fromstring(reply.text).xpath("//*[@role='alert']")
        assert "преди" in message.text_content()
        assert (
            page(http_people, "mayor", name="administration-report-csv", to="x").status_code == 400
        )

    def test_refusals(self, http_people):
        for name in ("administration-report", "administration-report-csv"):
            for user in ("writer", "councillor"):
                assert page(http_people, user, name=name).status_code == 403, (name, user)
            assert page(http_people, None, name=name).status_code in (302, 401)
        chair = page(http_people, "chair")
        assert chair.status_code == 200
        shown = figures(chair.text)
        assert "received" not in shown and "council-sessions" in shown
