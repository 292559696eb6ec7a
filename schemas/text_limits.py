"""How much text a report may hold, all fields together; the readers take no more from a file of any format
(app/importers/limits.py) and a report's JSON no more either (schemas/report_json.py). A long report has about
50,000 characters in a few hundred paragraphs."""

MAX_REPORT_CHARS = 2_000_000
MAX_REPORT_LINES = 30_000
