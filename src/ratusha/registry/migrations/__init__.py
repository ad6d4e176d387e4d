"""SQL migrations of the tables in ratusha.registry.numbers (ratusha.core.migrations)."""

STORE = "ratusha.registry.numbers"
