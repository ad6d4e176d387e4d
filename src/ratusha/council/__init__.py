"""The municipal council: councils, committees, sessions, agenda items, attendance, votes."""
