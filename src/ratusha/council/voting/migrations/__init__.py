"""SQL migrations of the tables in ratusha.council.voting.urnstore (ratusha.core.migrations)."""

STORE = "ratusha.council.voting.urnstore"
