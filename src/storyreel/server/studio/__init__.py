"""Projects, shots, tasks and their versions: the studio a person works in."""
