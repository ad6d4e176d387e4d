"""Access: two-factor login (TOTP) and brute-force protection, on top of any PAS login."""
