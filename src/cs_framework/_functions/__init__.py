"""The public one-call functions: check the arguments once, call a kernel, build the result.

- :mod:`.arrays`: the one scalar/array rule and its argument checks;
- :mod:`.trust`: ``trust_equation``, ``trust_index``, ``reliability``;
- :mod:`.proof`: ``proof_score``;
- :mod:`.health`, :mod:`.trend`: ``health_band``, ``health_score``, ``health_scores``,
  ``health_trend``, ``early_warning``;
- :mod:`.sequencing`: ``phase``, ``check_play``;
- :mod:`.stages`: the adoption measures and ``check_transition``;
- :mod:`.segments`: ``segment_for``, ``coverage_plan``;
- :mod:`.assess`: ``assess``, the book scorer on one account.
"""
