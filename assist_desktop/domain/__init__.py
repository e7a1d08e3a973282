"""Pure rules of the green-card system: no Qt, no SQL."""
