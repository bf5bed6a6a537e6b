"""Books: many accounts as columns, checked, scored by composing the kernels.

- :mod:`.schema`: the column schema of a book's frames, declared once;
- :mod:`.sources`: frames and files as Arrow tables, under the library's column names;
- :mod:`.readers`: typed columns from Arrow, every unreadable cell recorded;
- :mod:`.text`: text columns, in Arrow or NumPy, with one set of operations;
- :mod:`.parallel`: independent table work on two threads when a book is large;
- :mod:`.tables`: the account, commitment, outcome and override tables; take and slice;
- :mod:`.objects`: the tables of Account objects, and the way back;
- :mod:`.frames`: the tables of frames or files, and the way back;
- :mod:`.checks`: every bad row, by the rules and in the words of the objects;
- :mod:`.book`: the ``Book``;
- :mod:`.score`: the scorer, a composition of kernels with no rule of its own;
- :mod:`.explained`, :mod:`.reasons`: each account's health points, gaps, evidence and
  first reason for a whole book (``explain=True``), in the words of ``assess``;
- :mod:`.results`: the result columns, and a scored table read back from Arrow;
- :mod:`.scored`: ``score_book``, ``ScoredBook`` and ``BookSummary``;
- :mod:`.folder`, :mod:`.stored`: a book in a Parquet folder, books and scores in JSON.
"""
