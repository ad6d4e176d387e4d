"""Upgrade steps of the ratusha:default profile, one module per destination version."""
