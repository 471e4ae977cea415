"""Programmes, reports and units: read, validated, computed once, and the texts and tables made from them."""
