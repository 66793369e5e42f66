"""Residents' personal data (RGPD): their export and erasure, guest checkouts anonymised, the legal pages."""
