"""Writing the Zope instance configuration and creating the site (used by `make run`)."""
