"""SQL migrations of the tables in ratusha.privacy.subjects.store (ratusha.core.migrations)."""

STORE = "ratusha.privacy.subjects.store"
