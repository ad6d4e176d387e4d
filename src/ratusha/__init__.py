"""Ratusha: a virtual town hall for Bulgarian municipalities, built on Plone 6.2."""

from zope.i18nmessageid import MessageFactory


_ = MessageFactory("ratusha")
