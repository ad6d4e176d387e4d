"""Reads of personal data are audited; suspicious patterns raise an alert."""
