"""Catalog values of sessions: start and end (Plone's date indexes), for listings and calendars."""

from plone.indexer import indexer
from ratusha.core.dates import catalog_date
from ratusha.council.interfaces import ICommitteeOpinion
from ratusha.council.interfaces import ISession


@indexer(ISession)
def start(obj):
    return catalog_date(obj.start)


@indexer(ISession)
def end(obj):
    return catalog_date(obj.end)


@indexer(ICommitteeOpinion)
def council_committee(obj):
    return obj.committee or None
