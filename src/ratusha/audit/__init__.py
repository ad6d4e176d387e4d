"""Audit trail: every act recorded in SQL, hash-chained with a secret key, verifiable."""
