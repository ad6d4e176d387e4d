"""Personal data: encryption at rest, records of processing, data-subject rights, audited reads
and alerts, the incident register (GDPR, ЗЗЛД). See docs/privacy.md."""
