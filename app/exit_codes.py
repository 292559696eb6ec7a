"""The exit codes of every nianbao command: 0 done, 1 done but something needs a look, 2 not done.

One module so that the top-level command and its subcommands share them without importing each other.
"""

from __future__ import annotations

EXIT_OK = 0
# 1: the command ran, and what it found needs a look
EXIT_FINDINGS = 1  # check / audit: a report has an error finding
EXIT_PARTIAL = 1  # draft: some sections failed (they keep their text)
EXIT_UNSUPPORTED = 1  # draft: a claim still has no source after the repair round (kept, flagged)
EXIT_REFUSED = 1  # export --strict: errors remain, nothing written
# 2: the command could not do its work
EXIT_UNREADABLE = 2  # check / import / audit: a file could not be read (or the output written)
EXIT_FAILED = 2  # draft / export: unreadable input, wrong options, nothing drafted or written
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report it
