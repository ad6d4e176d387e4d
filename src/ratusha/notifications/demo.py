"""The demo municipality's welcome: the first notice everyone finds in the personal room."""

from ratusha.core.demo import DemoStep
from ratusha.notifications.api import notify


def welcome(portal):
    notify(
        ["group:employees", "group:councillors", "group:auditors"],
        "announcement",
        "Добре дошли в Ратуша",
        "Личната ви стая събира известия, документи за работа, срещи и заседания на "
        "общинския съвет на едно място.",
        portal.absolute_url(),
        sender="mayor",
        email=False,
    )


demo_step = DemoStep(10, welcome)
