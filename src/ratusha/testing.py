"""plone.app.testing layers for Ratusha: installed, with demo data, and over real HTTP."""

import logging
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE


class RatushaLayer(PloneSandboxLayer):
    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi
        import ratusha

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=ratusha)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "ratusha:default")


class ErrorRecords(logging.Handler):
    """Keeps the ERROR records logged while it is attached to the root logger."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


class RatushaDemoLayer(PloneSandboxLayer):
    """The demo site; `layer["demo_errors"]` are the ERROR records its creation logged."""

    defaultBases = ()

    def setUpPloneSite(self, portal):
        errors = ErrorRecords()
        logging.getLogger().addHandler(errors)
        try:
            applyProfile(portal, "ratusha:demo")
        finally:
            logging.getLogger().removeHandler(errors)
        self["demo_errors"] = errors.records


RATUSHA_FIXTURE = RatushaLayer()
RATUSHA_DEMO_FIXTURE = RatushaDemoLayer(bases=(RATUSHA_FIXTURE,), name="RatushaDemoLayer:Fixture")

RATUSHA_INTEGRATION_TESTING = IntegrationTesting(
    bases=(RATUSHA_FIXTURE,), name="RatushaLayer:IntegrationTesting"
)
RATUSHA_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(RATUSHA_FIXTURE, WSGI_SERVER_FIXTURE), name="RatushaLayer:FunctionalTesting"
)
RATUSHA_DEMO_INTEGRATION_TESTING = IntegrationTesting(
    bases=(RATUSHA_DEMO_FIXTURE,), name="RatushaDemoLayer:IntegrationTesting"
)
RATUSHA_DEMO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(RATUSHA_DEMO_FIXTURE, WSGI_SERVER_FIXTURE), name="RatushaDemoLayer:FunctionalTesting"
)
