"""SAPE: EU and national funding calls, project proposals, their deadlines.

The state of a call (forthcoming, open, closed) is never stored: it is a query on
the indexed opening and closing dates against today's date in Europe/Rome
(``dates.state_query``), so listings and search are right without a nightly job.
"""
