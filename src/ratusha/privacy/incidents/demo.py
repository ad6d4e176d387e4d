"""The demo's incident: a letter with personal data sent to the wrong address, reported by the
registrar that morning, so the officer meets the register with its 72-hour clock running."""

import datetime
from plone import api
from ratusha.core.demo import DemoStep
from ratusha.privacy.incidents import register


KEY = "demo:wrong-address"
TITLE = "Писмо с лични данни, изпратено на грешен адрес"
DESCRIPTION = (
    "Отговор на заявление, съдържащ име, адрес и ЕГН на заявителя, е изпратен по електронна "
    "поща на друг гражданин със сходно име. Получателят уведоми деловодството и заяви, че е "
    "изтрил писмото."
)


def create_demo(portal):
    if register.by_source_key(KEY):
        return
    discovered = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=5)
    with api.env.adopt_user(username="registrar"):
        incident, _new = register.file_incident(
            TITLE,
            "manual",
            discovered=discovered,
            description=DESCRIPTION,
            key=KEY,
            reporter="registrar",
        )
    return incident


demo_step = DemoStep(50, create_demo)
