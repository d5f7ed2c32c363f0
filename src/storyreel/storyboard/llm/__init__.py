"""LLM storyboard writers: a model writes each shot's visual prompt and shot size.

The planner still decides the shots and their narration (the story's own sentences, in
order); a model only describes what each shot shows. Its answer is validated, repaired once,
and on failure the planner's storyboard is used with the reason recorded.
"""
