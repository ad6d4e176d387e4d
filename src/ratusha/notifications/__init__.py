"""Notifications: in-app notices per user and e-mail, used by every capability."""
