"""The congress tests reuse the party personas and fixtures (the secretary, a member, the test cell)."""

