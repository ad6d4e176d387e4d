"""Fixtures of the meetings tests: people, the Jitsi secret, an SMTP server."""

import email
import email.policy
import socket

import pytest
import transaction
from aiosmtpd.controller import Controller

from meetings_helpers import SECRET
from meetings_helpers import make_people


@pytest.fixture(autouse=True)
def jitsi_secret(monkeypatch):
    monkeypatch.setenv("RATUSHA_JITSI_SECRET", SECRET)
    monkeypatch.setenv("RATUSHA_JITSI_EVENTS_SECRET", "events-secret-for-tests")


@pytest.fixture
def people(integration):
    make_people()
    return integration["portal"]


@pytest.fixture
def http_people(functional):
    make_people()
    transaction.commit()
    return functional["portal"]


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, collector
    controller.stop()
