"""SQL migrations of the tables in ratusha.council.store (ratusha.core.migrations)."""

STORE = "ratusha.council.store"
