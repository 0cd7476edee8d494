"""Content types: thin classes, one file per type; logic lives in adapters and views."""
