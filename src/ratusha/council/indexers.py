"""Catalog values of sessions: start and end (Plone's date indexes), for listings and calendars."""

from plone.indexer import indexer

from ratusha.council.interfaces import ICommitteeOpinion
from ratusha.council.interfaces import ISession
from ratusha.meetings.indexers import to_datetime


@indexer(ISession)
def start(obj):
    return to_datetime(obj.start)


@indexer(ISession)
def end(obj):
    return to_datetime(obj.end)


@indexer(ICommitteeOpinion)
def council_committee(obj):
    return obj.committee or None
