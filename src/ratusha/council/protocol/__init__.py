"""The protocol of a council session, its decisions, their publication and open data."""
