"""Events the directory sends."""

from ratusha.directory.interfaces import IDirectoryLoginFailed
from zope.interface import implementer


@implementer(IDirectoryLoginFailed)
class DirectoryLoginFailed:
    def __init__(self, login, reason):
        self.login = login
        self.reason = reason
