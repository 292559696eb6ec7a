"""Pydantic models and the official tables as data (imports nothing of app)."""
