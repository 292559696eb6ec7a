"""Drafting the narrative sections: facts (pure), prompts, the model or the offline drafter, grounding."""
