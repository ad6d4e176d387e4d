"""On start: the key folder exists (0700, keys 0600) and the access log masks searched ЕГН."""

import logging
from ratusha.privacy.encryption import keyring
from ratusha.privacy.encryption import logmask


logger = logging.getLogger("ratusha.privacy")


def database_opened(event) -> None:
    logmask.install()
    try:
        for ring in keyring.RINGS:
            keyring.keys(ring)
    except keyring.KeysNotConfigured as exc:
        logger.warning("Encryption at rest has no key folder yet: %s", exc)
