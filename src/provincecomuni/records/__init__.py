"""The records archive: AgID metadata, registration, classification, fascicoli, fixity.

Every document a community shares is a record of a public administration (CAD; AgID
guidelines of 2021, annex 5 "metadata"). See "Records archive" in the README.
"""
