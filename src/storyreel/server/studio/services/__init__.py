"""Writes, by entity: every change to accounts, projects, shots and tasks goes through these
functions (HackSoft's services). They raise ApplicationError (errors.py maps it to HTTP),
enqueue Celery tasks and publish events only once their transaction commits."""
