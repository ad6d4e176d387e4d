"""SQL migrations of the tables in ratusha.meetings.store (ratusha.core.migrations)."""

STORE = "ratusha.meetings.store"
