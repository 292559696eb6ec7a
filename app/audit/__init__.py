"""Batch audit (`nianbao audit`): check many units' reports at once, find text copied between units, sum
their tables, and write one summary (csv / xlsx / html). Entry point: ``app.audit.cli.run_audit``."""
