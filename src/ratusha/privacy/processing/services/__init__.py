"""REST services of the record of processing."""
