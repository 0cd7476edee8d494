"""REST: ``@members`` on a community (GET, POST, PATCH, DELETE)."""
