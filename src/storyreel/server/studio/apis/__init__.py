"""HTTP transport, by entity: one API class per operation with nested input/output
serializers. APIs validate, call a selector or a service, and serialize; nothing else."""
