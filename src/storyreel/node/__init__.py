"""The model node: a FastAPI service that runs the models, stores results, calls back signed."""
