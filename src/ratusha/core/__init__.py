"""Core: the municipal role model, permissions, settings, theme and installation."""
