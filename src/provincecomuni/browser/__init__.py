"""Classic UI views, grouped by type."""
