"""Personal room (лична стая): the page a user lands on, built from capability panels."""
