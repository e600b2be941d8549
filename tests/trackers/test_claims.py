"""Claim, check, keep (toolkit.store.claims): no two claims of a number are ever kept.

The site here models what makes a tracker hard: a record's id is given when the
request starts, but others see the record only when its request ends, so a
lower id can appear after a higher one was already checked.
"""

import random
import threading
import time

import pytest

from toolkit.store import claims
from toolkit.store.errors import ConflictError


class Site(object):
    def __init__(self, seed):
        self.lock = threading.Lock()
        self.next_id = 1
        self.records = {}  # id -> [number, state, visible]
        self.random = random.Random(seed)

    def pause(self):
        with self.lock:
            delay = self.random.random() * 0.002
        time.sleep(delay)

    def create(self, number):
        with self.lock:
            mine = self.next_id
            self.next_id += 1
            self.records[mine] = [number, claims.CLAIM, False]
        self.pause()  # the request is under way: the id exists, nobody sees it yet
        with self.lock:
            self.records[mine][2] = True
        return mine

    def rivals(self, number, mine):
        self.pause()
        with self.lock:
            return [(i, r[1]) for i, r in self.records.items()
                    if r[2] and r[0] == number and i != mine]

    def keep(self, mine):
        self.pause()
        with self.lock:
            self.records[mine][1] = claims.KEPT

    def retire(self, mine):
        with self.lock:
            del self.records[mine]

    def next_number(self):
        with self.lock:
            return max([r[0] for r in self.records.values() if r[2]] + [0]) + 1


@pytest.mark.parametrize("seed", range(12))
def test_concurrent_claims_never_keep_one_number_twice(seed):
    site = Site(seed)
    kept, errors = [], []

    def client():
        try:
            for _ in range(8):
                kept.append(claims.claim_number(site.next_number, site.create, site.rivals,
                                                site.keep, site.retire)[0])
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(kept) == 32 and len(set(kept)) == 32
    assert sorted(r[0] for r in site.records.values()) == sorted(kept)
    assert all(r[1] == claims.KEPT for r in site.records.values())


def test_an_exact_number_already_kept_is_a_conflict():
    site = Site(0)
    assert claims.claim_number(lambda: 7, site.create, site.rivals, site.keep, site.retire,
                               exact=True)[0] == 7
    with pytest.raises(ConflictError, match="version 7"):
        claims.claim_number(lambda: 7, site.create, site.rivals, site.keep, site.retire,
                            exact=True)
    assert [r[0] for r in site.records.values()] == [7]  # the loser left nothing


def test_a_dead_undecided_claim_is_yielded_to_after_patience():
    site = Site(0)
    site.records[50] = [1, claims.CLAIM, True]  # a higher claim whose owner died
    site.next_id = 1
    now = [0.0]

    def sleep(seconds):
        now[0] += seconds
    numbers = iter([1, 2])
    number, mine = claims.claim_number(lambda: next(numbers), site.create, site.rivals,
                                       site.keep, site.retire, patience=5.0, sleep=sleep,
                                       clock=lambda: now[0])
    assert number == 2 and now[0] > 5.0  # waited, then skipped the dead claim's number

