"""Capabilities meet through the contracts in their interfaces modules: each contract's utility
is registered by its capability and has what the interface promises (zope.interface.verify)."""

import pytest
from ratusha.access import proof
from ratusha.access.interfaces import ISecondFactor
from ratusha.audit import checks
from ratusha.audit import recorder
from ratusha.audit.interfaces import IAuditChecks
from ratusha.audit.interfaces import IAuditTrail
from ratusha.council import lifecycle
from ratusha.council.interfaces import ISessionCompliance
from ratusha.meetings import rooms
from ratusha.meetings.interfaces import IVideoRooms
from ratusha.notifications import api
from ratusha.notifications.interfaces import INotifier
from ratusha.registry import config
from ratusha.registry.interfaces import IRetention
from ratusha.registry.interfaces import IWorkDays
from ratusha.registry.retention import status
from zope.component import getUtility
from zope.interface.verify import verifyObject


CONTRACTS = [
    (IAuditTrail, recorder),
    (IAuditChecks, checks),
    (INotifier, api),
    (IVideoRooms, rooms),
    (ISecondFactor, proof),
    (IWorkDays, config),
    (IRetention, status),
    (ISessionCompliance, lifecycle),
]


@pytest.mark.parametrize(
    ("interface", "module"), CONTRACTS, ids=[interface.__name__ for interface, _module in CONTRACTS]
)
def test_contract_is_registered_and_kept(portal, interface, module):
    assert getUtility(interface) is module
    assert verifyObject(interface, module)
