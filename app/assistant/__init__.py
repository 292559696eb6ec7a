"""The assistant: explains findings, answers format and law questions from the knowledge base, proposes section edits."""
