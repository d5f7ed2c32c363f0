"""The client's core. It imports no Qt, so plain pytest and the command line use it too."""
