"""Decision pages: @@decision (an agenda item's decision), @@excerpt.pdf, @@evidence.zip;
the council's register of decisions (@@decisions) and its open data across the term
(@@opendata-term.json, @@opendata-term.csv, both with an optional ?councillor=<id>)."""

import json
from plone import api
from Products.Five.browser import BrowserView
from ratusha import _
from ratusha.core.rest import error
from ratusha.council import opendata
from ratusha.council.browser.views import Base
from ratusha.council.councils import SESSION
from ratusha.council.councils import session_of
from ratusha.council.opendata import MODE_LABELS
from ratusha.council.opendata import VOTE_LABELS
from ratusha.council.protocol import access
from ratusha.council.protocol import decision_entries
from ratusha.council.protocol import evidence
from ratusha.council.protocol import publication
from ratusha.council.protocol import render
from ratusha.council.protocol.browser.protocol import send
from ratusha.council.protocol.record import current_record
from ratusha.council.protocol.services.decision.get import decision_reply
from zExceptions import NotFound


class DecisionBase(BrowserView):
    def decision(self):
        if getattr(self, "_decision", None) is None:
            self._decision = decision_reply(self.context, self.request)
            if self._decision is None:
                raise NotFound("No decision")
        return self._decision

    def session_record(self):
        return current_record(session_of(self.context))


class DecisionPage(DecisionBase, Base):
    """Решение № N / протокол № M / date: the text, the vote, the links."""

    def __call__(self):
        self.decision()
        return self.index()

    def date_text(self):
        day = self.decision()["date"]
        return f"{day[8:10]}.{day[5:7]}.{day[:4]}"

    def result_title(self):
        return self.t(decision_entries.RESULT_TITLES[self.decision()["result"]])

    def vote(self):
        """The deciding poll for the page: counts, and every councillor for named votes."""
        data = self.decision().get("vote")
        if not data:
            return None
        record = self.session_record()
        poll = opendata.Poll.from_dict(data)
        translate = render.translator(request=self.request)
        mode = MODE_LABELS.get(poll.mode)
        counts = poll.counts()
        return {
            "title": poll.title,
            "mode": translate(*mode) if mode else poll.mode,
            "counts": [
                {
                    "key": key,
                    "label": translate(*VOTE_LABELS[key])
                    if key in VOTE_LABELS
                    else record.name_of(key),
                    "count": value,
                }
                for key, value in counts.items()
            ],
            "rows": [
                {
                    "name": p.name,
                    "group": p.group,
                    "vote": poll.vote_of(p.id),
                    "label": translate(*VOTE_LABELS[poll.vote_of(p.id)]),
                }
                for p in record.councillors
            ]
            if poll.named
            else [],
        }


class ExcerptPDF(DecisionBase):
    def __call__(self):
        entry = self.decision()
        stored = decision_entries.by_uid(entry.get("excerpt"))
        if stored is not None:
            data = stored.file.data
        else:
            data = render.excerpt_pdf(self.session_record(), entry["index"])
        return send(self.request, data, "application/pdf", f"decision-{entry['number']}.pdf")


class EvidenceZip(DecisionBase):
    """The evidence pack of the decision (чл. 45 ал. 4 ЗМСМА)."""

    def __call__(self):
        entry = self.decision()
        stored = decision_entries.by_uid(entry.get("excerpt"))
        record = self.session_record()
        excerpt = (
            stored.file.data if stored is not None else render.excerpt_pdf(record, entry["index"])
        )
        data = evidence.pack(
            record, entry["index"], excerpt, render.translator(request=self.request)
        )
        return send(
            self.request, data, "application/zip", f"decision-{entry['number']}-evidence.zip"
        )


class RegisterPage(Base):
    """The public register of the council's decision_entries."""

    def items(self):
        result = []
        for entry in publication.register(self.context, render.translator(request=self.request)):
            day = entry["date"]
            result.append(
                dict(
                    entry,
                    date_text=f"{day[8:10]}.{day[5:7]}.{day[:4]}",
                    result_title=self.t(decision_entries.RESULT_TITLES[entry["result"]]),
                )
            )
        return result


class TermOpenData(BrowserView):
    """Every councillor's named votes across the term, from the published sessions."""

    kind = "json"

    def records(self):
        catalog = api.portal.get_tool("portal_catalog")
        result = []
        for brain in catalog.searchResults(
            portal_type=SESSION,
            review_state="published",
            path="/".join(self.context.getPhysicalPath()),
            sort_on="start",
        ):
            session = brain.getObject()
            if access.may_read(session):
                result.append(current_record(session))
        return result

    def known_councillors(self, records) -> set:
        """Who may be asked for: the council's members and everyone on a published roll."""
        known = set(getattr(self.context, "councillors", None) or ())
        return known | {person.id for record in records for person in record.councillors}

    def __call__(self):
        councillor = self.request.form.get("councillor") or None
        translate = render.translator(request=self.request)
        records = self.records()
        if councillor is not None and (
            not isinstance(councillor, str) or councillor not in self.known_councillors(records)
        ):
            self.request.response.setHeader("Content-Type", "application/json")
            return json.dumps(
                error(
                    self.request,
                    _(
                        "error_opendata_councillor",
                        default="There is no such councillor in this council; give the id of one of "
                        "its members as ?councillor=.",
                    ),
                    404,
                )
            )
        name = f"council-term-{self.context.getId()}" + (f"-{councillor}" if councillor else "")
        if self.kind == "csv":
            return send(
                self.request,
                opendata.term_votes_csv(records, translate, councillor),
                "text/csv; charset=utf-8",
                f"{name}.csv",
            )
        data = opendata.term_json(records, translate)
        data["term"] = getattr(self.context, "term", "") or ""
        data["sessions"] = [{"number": r.number, "date": r.date.isoformat()} for r in records]
        if councillor:
            data["councillors"] = [c for c in data["councillors"] if c["id"] == councillor]
        return send(
            self.request,
            opendata.to_json(data).encode("utf-8"),
            "application/json; charset=utf-8",
            f"{name}.json",
            inline=True,
        )


class TermVotesCSV(TermOpenData):
    kind = "csv"
