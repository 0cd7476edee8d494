"""Generated documents of the SUA tender dossiers and their publication package (issue 5, 6-7)."""
