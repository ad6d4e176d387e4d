"""Where Ratusha's SQL databases live: shared infrastructure, read from the environment.

RATUSHA_AUDIT_DB  SQLAlchemy URL of the database the capabilities share (the audit trail, the
                  council's, meetings' and access tables); default sqlite:///$RATUSHA_VAR/audit.sqlite
RATUSHA_VAR       the instance's data folder outside the ZODB
"""

import os
import pathlib


class NotConfigured(RuntimeError):
    """No database could be found: the administrator must set the environment."""


def var_dir() -> pathlib.Path | None:
    value = os.environ.get("RATUSHA_VAR")
    return pathlib.Path(value) if value else None


def database_url() -> str:
    url = os.environ.get("RATUSHA_AUDIT_DB")
    if url:
        return url
    var = var_dir()
    if var is None:
        raise NotConfigured("Set RATUSHA_AUDIT_DB or RATUSHA_VAR.")
    return f"sqlite:///{var / 'audit.sqlite'}"
