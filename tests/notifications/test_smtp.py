"""E-mail goes through a real SMTP server (aiosmtpd, tests/conftest.py), only when the act commits."""

from plone import api
import pytest
from ratusha.notifications.api import notify
import transaction


pytestmark = pytest.mark.smtp


def configure_mail(port):
    api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    api.portal.set_registry_record("plone.smtp_port", port)
    api.portal.set_registry_record("plone.email_from_address", "ratusha@primerna.example")
    api.portal.set_registry_record("plone.email_from_name", "Община Примерна")


def test_mail_sent_after_commit(functional, smtp_server):
    controller, collector = smtp_server
    configure_mail(controller.port)
    api.user.create(
        email="ana@primerna.example",
        username="ana",
        password="secret-password-1",
        properties={"fullname": "Ана Петрова"},
    )
    transaction.commit()

    result = notify(
        ["ana"], "registry.assigned", "Резолюция по 94-00-12", "Срок: 30.11.2026", "/doc"
    )
    assert result.mailed == ["ana"]
    assert collector.messages == []  # nothing leaves before the act commits
    transaction.commit()

    [(rcpt, message)] = collector.messages
    assert rcpt == ["ana@primerna.example"]
    assert message["Subject"] == "Резолюция по 94-00-12"
    assert "Община Примерна" in message["From"]
    body = message.get_content()
    assert "Срок: 30.11.2026" in body
    assert body.strip().endswith("/plone/doc")


def test_no_mail_when_act_aborts(functional, smtp_server):
    controller, collector = smtp_server
    configure_mail(controller.port)
    api.user.create(email="ana@primerna.example", username="ana", password="secret-password-1")
    transaction.commit()
    notify(["ana"], "x", "Няма да тръгне")
    transaction.abort()
    transaction.commit()
    assert collector.messages == []


def test_no_mail_when_disabled(functional, smtp_server):
    controller, collector = smtp_server
    configure_mail(controller.port)
    api.portal.set_registry_record("ratusha.send_email", False)
    api.user.create(email="ana@primerna.example", username="ana", password="secret-password-1")
    result = notify(["ana"], "x", "Само в стаята")
    transaction.commit()
    assert result.mailed == [] and collector.messages == []


def test_long_message_is_delivered(functional, smtp_server):
    controller, collector = smtp_server
    configure_mail(controller.port)
    api.user.create(email="ana@primerna.example", username="ana", password="secret-password-1")
    body = "\n".join(f"Ред {n}: съдържание на дълго известие." for n in range(80))
    notify(["ana"], "x", "Дълго известие", body)
    transaction.commit()
    [(_rcpt, message)] = collector.messages
    assert "Ред 79" in message.get_content()
