"""Books: many accounts as columns, checked, scored by composing the kernels.

- :mod:`.tables`: the account, commitment, outcome and override tables; take and slice;
- :mod:`.objects`: the tables of Account objects, and the way back;
- :mod:`.frames`: the tables of pandas, polars or Arrow frames, and the way back;
- :mod:`.checks`: every bad row, by the rules and in the words of the objects;
- :mod:`.book`: the ``Book``;
- :mod:`.score`: the scorer, a composition of kernels with no rule of its own;
- :mod:`.scored`: ``score_book``, ``ScoredBook`` and ``BookSummary``.
"""
