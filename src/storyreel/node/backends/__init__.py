"""Node backends: one per model, grouped by stage, built from settings in `registry`."""
