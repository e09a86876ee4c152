"""Working with translators: XLIFF 2.1, XLIFF 1.2 and PO files out and back, and the
translation memory that pre-fills them.

`units` decides what needs translating; `memory` finds earlier translations of
similar text; `formats` writes and reads the files (with translate-toolkit);
`exchange` records exports and applies imports through the services.
"""
