"""Tools that span the tiers, on top of the layer map: the embedded stack (server, worker and
model node on one machine, for `storyreel up`, `storyreel demo` and the tests) and the
screenshot tour of the desktop client. No tier imports them."""
