"""Events the directory sends."""

from zope.interface import implementer

from ratusha.directory.interfaces import IDirectoryLoginFailed


@implementer(IDirectoryLoginFailed)
class DirectoryLoginFailed:
    def __init__(self, login, reason):
        self.login = login
        self.reason = reason
