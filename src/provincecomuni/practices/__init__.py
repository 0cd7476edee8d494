"""Good practices: written in a Province community, reviewed, published to the public catalogue."""
