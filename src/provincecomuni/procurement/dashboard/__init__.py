"""The SUA dashboard: the listing of a Province's tender dossiers (filters, counts,
sort, CSV), their deadlines on the community dashboard and in an iCal feed, and the
daily reminder to the RUPs."""
