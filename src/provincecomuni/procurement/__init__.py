"""SUA tender dossiers (fascicoli di gara): vocabularies and the TenderDossier type."""
