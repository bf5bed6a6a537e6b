"""The kernels: every rule of the library as a function over arrays.

Arrays in, arrays out; no objects, no validation, no loops over rows. Kernels trust
their input: the layers above check it first. One module per domain area, and
every rule in a function named for it:

- :mod:`.trust`: the trust equation and index, commitment status, evidence weights,
  reliability, and the trust gaps (missed, unowned, missing roles, silent executive);
- :mod:`.proof`: progress, visibility, the proof score, unacknowledged progress, an
  outcome achieved and acknowledged;
- :mod:`.sequencing`: the phase, the plan of actions, play violations, renewal at risk;
- :mod:`.stages`: the adoption shares, stage evidence and the stage;
- :mod:`.health`: bands, the weighted mean, staleness, overrides, the escalation time,
  the early warning and its drivers;
- :mod:`.segments`: the ARR tier and the coverage plan;
- :mod:`.published`: scores as published, the values every edge is compared with.

The statement of each rule, with its source, is in ``docs/rules.md``.
"""
