"""Client core tests; the ones against a server use the live test server and a real node."""

from livestack import stack  # noqa: F401
