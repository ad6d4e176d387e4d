"""SQL migrations of the tables in ratusha.access.attempts (ratusha.core.migrations)."""

STORE = "ratusha.access.attempts"
