"""How much text a report may hold, all fields together, and how long a number may be written: the readers take no
more from a file of any format (app/importers/limits.py, app/importers/text.py), a report's JSON no more either
(schemas/report_json.py), and the claims in its text no longer a number (app/claims/numbers.py). A long report has
about 50,000 characters in a few hundred paragraphs."""

MAX_REPORT_CHARS = 2_000_000
MAX_REPORT_LINES = 30_000
MAX_DIGITS = 18  # a number written without its commas: more is no count, fee or rate (a float of it is inf)
