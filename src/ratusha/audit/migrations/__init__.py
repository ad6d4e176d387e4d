"""SQL migrations of the tables in ratusha.audit.store (ratusha.core.migrations)."""

STORE = "ratusha.audit.store"
