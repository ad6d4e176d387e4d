"""Committee opinions (становища): asked when an item names committees, given by the
committee's chair or secretary, overdue ones flagged to the chair."""

import datetime
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import iso
from ratusha.core.dates import sofia
from ratusha.council import rules
from ratusha.council.councils import committee_by_uid
from ratusha.council.councils import OPINION
from ratusha.council.councils import session_of
from ratusha.council.interfaces import ICommitteeOpinion
from ratusha.council.lifecycle import today
from ratusha.notifications.interfaces import notify
from zope.i18n import translate


OPINION_PREFIX = "opinion-"


def answerable(committee) -> list:
    """Who gives the committee's opinions: its chair and its secretary."""
    return [p for p in (committee.chair, committee.secretary) if p]


def opinions_of(item) -> list:
    return [obj for obj in item.objectValues() if ICommitteeOpinion.providedBy(obj)]


def default_deadline(item):
    if item.opinion_deadline:
        return item.opinion_deadline
    session = session_of(item)
    if session is None or session.start is None:
        return None
    return sofia(session.start).date() - datetime.timedelta(days=1)


def deadline_text(opinion) -> str:
    """The opinion's deadline as people read it: what its panel shows and its notice says."""
    return opinion.deadline.strftime("%d.%m.%Y") if opinion.deadline else ""


def _language():
    return api.portal.get_default_language()


def sync_opinions(item) -> list:
    """One opinion per committee asked; unanswered ones of committees no longer asked go.

    Returns the committees newly asked (their people are told).
    """
    wanted = [uid for uid in dict.fromkeys(item.committees or ()) if committee_by_uid(uid)]
    existing = {opinion.committee: opinion for opinion in opinions_of(item)}
    asked = []
    with api.env.adopt_roles(["Manager"]):
        for uid, opinion in existing.items():
            if uid not in wanted and not opinion.is_given():
                api.content.delete(obj=opinion, check_linkintegrity=False)
        for uid in wanted:
            if uid in existing:
                continue
            committee = committee_by_uid(uid)
            asked.append(
                api.content.create(
                    container=item,
                    type=OPINION,
                    id=OPINION_PREFIX + committee.getId(),
                    committee=uid,
                    deadline=default_deadline(item),
                )
            )
    for opinion in asked:
        committee = opinion.committee_object()
        notify(
            answerable(committee),
            "council.opinion-asked",
            _(
                "notice_opinion_asked",
                default="Opinion asked: ${title}",
                mapping={"title": item.Title()},
            ),
            translate(
                _(
                    "notice_opinion_asked_body",
                    default="${committee} is asked for its opinion by ${deadline}.",
                    mapping={
                        "committee": committee.Title(),
                        "deadline": deadline_text(opinion) or "—",
                    },
                ),
                target_language=_language(),
            ),
            item.absolute_url(),
        )
        record("council.opinion-asked", item, details={"committee": committee.UID()})
    return [opinion.committee_object() for opinion in asked]


def give(opinion, verdict, text, user_id=None):
    """Record the committee's opinion (validated by the caller)."""
    if verdict not in rules.VERDICTS:
        raise ValueError(verdict)
    opinion.verdict = verdict
    opinion.text = text or ""
    mark_given(opinion, user_id)


def mark_given(opinion, user_id=None):
    if not opinion.is_given() or opinion.given_at is not None:
        return False
    opinion.given_at = datetime.datetime.now(datetime.UTC)
    opinion.given_by = user_id or api.user.get_current().getId()
    opinion.reindexObject()
    record(
        "council.opinion-given",
        opinion,
        details={"committee": opinion.committee, "verdict": opinion.verdict},
    )
    return True


def describe(opinion, day=None) -> dict:
    day = day or today()
    committee = opinion.committee_object()
    item = opinion.aq_parent
    return {
        "@id": opinion.absolute_url(),
        "item": {"@id": item.absolute_url(), "title": item.Title()},
        "committee": {
            "uid": opinion.committee,
            "title": committee.Title() if committee is not None else "",
        },
        "deadline": opinion.deadline.isoformat() if opinion.deadline else None,
        "verdict": opinion.verdict or None,
        "text": opinion.text or "",
        "given_at": iso(opinion.given_at) if opinion.given_at else None,
        "overdue": rules.is_overdue(opinion.deadline, opinion.is_given(), day),
    }


def find(path=None, committee_uids=None, unrestricted=False) -> list:
    if committee_uids is not None and not committee_uids:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    query = {"portal_type": OPINION, "sort_on": "created"}
    if path:
        query["path"] = path
    if committee_uids is not None:
        query["council_committee"] = list(committee_uids)
    search = catalog.unrestrictedSearchResults if unrestricted else catalog.searchResults
    return [
        brain._unrestrictedGetObject() if unrestricted else brain.getObject()
        for brain in search(**query)
    ]


def flag_overdue(day=None) -> int:
    """Tell committee chairs (and secretaries) about opinions past their deadline, once per
    deadline. Idempotent: a clock may call it as often as it likes."""
    day = day or today()
    flagged = 0
    for opinion in find(unrestricted=True):
        if not rules.is_overdue(opinion.deadline, opinion.is_given(), day):
            continue
        if opinion.flagged_for == opinion.deadline:
            continue
        committee = opinion.committee_object()
        if committee is None:
            continue
        item = opinion.aq_parent
        notify(
            answerable(committee),
            "council.opinion-overdue",
            _(
                "notice_opinion_overdue",
                default="Opinion overdue: ${title}",
                mapping={"title": item.Title()},
            ),
            translate(
                _(
                    "notice_opinion_overdue_body",
                    default="The opinion of ${committee} was due on ${deadline}.",
                    mapping={"committee": committee.Title(), "deadline": deadline_text(opinion)},
                ),
                target_language=_language(),
            ),
            opinion.absolute_url(),
        )
        opinion.flagged_for = opinion.deadline
        flagged += 1
    if flagged:
        record("council.opinions-overdue", details={"flagged": flagged, "day": day.isoformat()})
    return flagged
