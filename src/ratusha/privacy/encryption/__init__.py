"""Encryption at rest of the most sensitive fields, keys outside the databases, a keyed hash index."""
