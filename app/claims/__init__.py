"""Claims: every number in prose read as what it states (value, unit, subject, kind) and checked against facts.

One reading for drafts, the assistant's revisions, reviewers' edits and published reports; imports only schemas.
"""

from app.claims.check import Ground, Verdict, build_ground, check_claim, check_text
from app.claims.claim import Claim
from app.claims.reader import read_claims

__all__ = ["Claim", "Ground", "Verdict", "build_ground", "check_claim", "check_text", "read_claims"]
