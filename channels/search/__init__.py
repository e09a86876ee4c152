"""Answer search: a customer's own words in, ranked live answers out.

`text` turns text into terms per language, `index` keeps one document per
entry and language in the database, `backends` ranks them (the embedded
backend by default; another engine can be plugged in), and `service` is what
the delivery API calls.
"""
