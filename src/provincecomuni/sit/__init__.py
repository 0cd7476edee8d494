"""SIT: the Territorial Digital Agenda (indicators, measurements, benchmarks)."""
