"""The objects users build or receive: validated when built, serialisable with cattrs.

- :mod:`.validators`: the one set of checks, with one wording, for objects and columns;
- :mod:`.records`: ``Commitment``, ``Outcome``, ``Override``;
- :mod:`.account`: ``Account``, ``Adoption``, ``ComponentScore``;
- :mod:`.segment`, :mod:`.scorecard`, :mod:`.policy`: ``Segment``, ``Scorecard``, ``Policy``;
- :mod:`.results`: ``TrustScore``, ``HealthScore``, ``HealthColumns``, ``HealthTrend``,
  ``Assessment`` and its parts, ``CoveragePlan``;
- :mod:`.json`: the cattrs converter (``make_converter``) and JSON round trips.
"""
