"""Alembic's environment for every capability: the connection, the capability's MetaData and
its version table come from the caller (ratusha.core.migrations), not from an alembic.ini."""

from alembic import context


attributes = context.config.attributes
context.configure(
    connection=attributes["connection"],
    target_metadata=attributes["metadata"],
    version_table=attributes["version_table"],
    render_as_batch=True,  # SQLite alters a table by copying it; batch operations do that
)
with context.begin_transaction():
    context.run_migrations()
