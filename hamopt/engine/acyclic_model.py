"""A CP-SAT model that reference counting frees: OR-Tools' CpModel without pre-PEP 8 aliases.

OR-Tools 9.x's ``CpModel.__init__`` stores a CamelCase alias of each ``add_*``, ``new_*`` and
``clear_*`` method on the instance (``_add_pre_pep8_methods``, 61 of them), each a closure
over a bound method of the instance itself. Every model is then a reference cycle: it and its
C++ model outlive the solve until a full collection of the garbage collector finds them, and
every younger collection walks the closures meanwhile. A one-week request left 2,573 such
objects (7 models); with ModelContext's own cycle (rules/model_context.py, ``Templates``),
3,287. A warm worker then ran a full collection every ~26 requests, 29-41 ms on the request it
landed on, and the young collections took 7-14 ms each.

hamopt calls the PEP 8 names only, so its models are made without the aliases, and a request
leaves 30 objects in cycles instead of 3,287 (the YAML reader's recursive closure). The 13
shipped one-week scenarios x 6 requests in one warm process (imports frozen, as a service
worker's), against the commit before, 9 rounds alternated in both orders: the collector's share
of the requests' time 4.5-5.0 % -> 0.3-0.4 % (33 young collections of 6-9 ms and 3 full ones of
18-41 ms -> 8 of 0.3-0.5 ms), the mean request 105 / 94 / 112 / 109 / 123 / 103 / 128 / 104 /
101 -> 92 / 90 / 101 / 100 / 96 / 88 / 105 / 100 / 102 ms, p95 better or equal in every round
(186 -> 136 at most). Without the alias method (a later OR-Tools), the class is a plain
CpModel.
"""

from __future__ import annotations

from ortools.sat.python import cp_model


class AcyclicModel(cp_model.CpModel):
    """A CpModel that holds no reference to itself (see the module docstring)."""

    def _add_pre_pep8_methods(self) -> None:
        """No CamelCase aliases: each would be a closure over this model."""

    def clone(self) -> AcyclicModel:
        """A copy of the model, acyclic too (``CpModel.clone`` makes a plain CpModel)."""
        copy = AcyclicModel()
        copy.proto.copy_from(self.proto)
        copy.rebuild_constant_map()
        return copy
