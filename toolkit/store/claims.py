"""Distinct version numbers on a tracker without transactions: *claim, check, keep*.

ShotGrid and Kitsu offer no transaction a client can hold across requests, so a
backend allocates a version by writing a *claim* record with the number, then
reading every live record of that publish key and number:

- no other record: the claim is marked *kept*;
- another record is kept (or registered), or a claim with a lower id exists:
  the claim yields (is retired) and the next number is tried;
- only higher claims exist: wait until they yield or are kept. A higher claim
  that saw nothing may be about to keep, so a lower claim never keeps while a
  higher one is still undecided.

Why two claims never both keep: a claim keeps only when, at its check, it saw
no live rival. The later of two checks always sees the earlier claim (created
before its own check), still undecided or kept, and so does not keep. A claim
whose owner died while undecided is waited on for ``patience`` seconds and then
yielded to, so its number is skipped, as a killed publisher's always is:
versions may have gaps, never duplicates.
"""

import time

from toolkit.store.errors import ConflictError, StoreError

CLAIM = "claim"
KEPT = "kept"


def claim_number(first, create, rivals, keep, retire, exact=False, patience=30.0,
                 sleep=time.sleep, clock=time.time, tries=1000):
    """Claim a number; return ``(number, claim id)``.

    ``first()``: the number to try (called again after a lost race, unless
    ``exact``: then a lost race is a :class:`ConflictError`). ``create(number)``
    writes a claim and returns its id (ids are ordered the same way on every
    client). ``rivals(number, mine)``: ``[(id, CLAIM|KEPT)]`` of the other live
    records of that number. ``keep(mine)`` marks the claim kept; ``retire(mine)``
    removes it.
    """
    for _ in range(tries):
        number = first()
        mine = create(number)
        delay, deadline = 0.002, clock() + patience
        while True:
            others = rivals(number, mine)
            if not others:
                keep(mine)
                return number, mine
            if any(state == KEPT or other < mine for other, state in others) or \
                    clock() > deadline:
                retire(mine)
                break
            sleep(delay)  # only higher, undecided claims: let them decide
            delay = min(delay * 2, 0.1)
        if exact:
            raise ConflictError("version %d is already taken" % number)
    raise StoreError("could not claim a version after %d tries" % tries)
