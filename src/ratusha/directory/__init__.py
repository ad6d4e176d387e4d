"""Directory: users, groups and roles from LDAP / Active Directory through ldap3 (a PAS plugin)."""
