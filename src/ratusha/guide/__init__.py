"""The user guide (docs/guide) served by the site: the help link opens it offline, in the
reader's language."""
