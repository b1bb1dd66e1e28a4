"""A server that injects faults, for the reliability tests."""
