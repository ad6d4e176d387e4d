"""GET @records-of-processing."""
