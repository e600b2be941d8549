"""The loader's publish list without Qt: filters, store queries, pages, latest-only, history.

:class:`PublishList` holds the rows fetched so far for the current
:class:`PublishFilter` and fetches more a page at a time, so a view over a store
of 100,000 publishes only ever reads what the artist scrolls to.
"""

import datetime

from toolkit.errors import ReelkitError

PUBLISH_FIELDS = [
    "code", "name", "path", "published_file_type", "version_number", "entity", "task",
    "step", "created_by", "description", "created_at", "thumbnail_path", "first_frame",
    "last_frame", "upstream", "project",
]

# Newest first; the id breaks ties between publishes made at the same instant, so
# the order is total (keyset paging relies on it). Exactly the order of the
# store's (project_id, created_at) index, rowid included: no sort of the table.
NEWEST_FIRST = [("created_at", "desc"), ("id", "desc")]
_ONE_MICROSECOND = datetime.timedelta(microseconds=1)


class PublishFilter(object):
    """What the publish list shows: an immutable value, compared by content.

    ``entities``: links of the entities whose publishes show (None: the whole project);
    ``types``, ``steps`` (step codes), ``authors`` (user logins): empty means any;
    ``latest_only``: keep only the highest version of each publish stream.
    """

    def __init__(self, entities=None, types=(), steps=(), authors=(), latest_only=False):
        self.entities = None if entities is None else [
            {"type": e["type"], "id": e["id"]} for e in entities]
        self.types = frozenset(types)
        self.steps = frozenset(steps)
        self.authors = frozenset(authors)
        self.latest_only = bool(latest_only)

    def _key(self):
        entities = None if self.entities is None else tuple(
            (e["type"], e["id"]) for e in self.entities)
        return (entities, self.types, self.steps, self.authors, self.latest_only)

    def __eq__(self, other):
        return isinstance(other, PublishFilter) and self._key() == other._key()

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return "PublishFilter(entities=%r, types=%s, steps=%s, authors=%s, latest_only=%s)" % (
            self.entities, sorted(self.types), sorted(self.steps), sorted(self.authors),
            self.latest_only)

    def replace(self, **changes):
        """A copy with some fields changed: ``flt.replace(latest_only=True)``."""
        values = dict(entities=self.entities, types=self.types, steps=self.steps,
                      authors=self.authors, latest_only=self.latest_only)
        values.update(changes)
        return PublishFilter(**values)


def stream_key(publish):
    """What makes versions of one publish stream: name, type, entity and task."""
    entity = publish.get("entity") or {}
    task = publish.get("task") or {}
    return (publish.get("name"), publish.get("published_file_type"),
            entity.get("type"), entity.get("id"), task.get("id"))


class PublishQuery(object):
    """Turns a :class:`PublishFilter` into store filters for one project.

    ``steps`` and ``users`` map step codes and logins to their entities (looked up
    once), since the store filters links by id.
    """

    def __init__(self, store, project=None):
        self.store = store
        self.project = project
        self._steps = None
        self._users = None

    def steps(self):
        """Step entities of the store, by code (several entity types may share a code)."""
        if self._steps is None:
            self._steps = {}
            for step in self.store.find("Step", [], ["code", "entity_type"],
                                        order=[("code", "asc")]):
                self._steps.setdefault(step["code"], []).append(step)
        return self._steps

    def users(self):
        """User entities of the store, by login."""
        if self._users is None:
            self._users = dict((u["login"], u) for u in self.store.find(
                "User", [], ["login", "name"], order=[("login", "asc")]))
        return self._users

    def filters(self, publish_filter):
        """Store filters for ``publish_filter``."""
        filters = []
        if self.project is not None:
            filters.append(["project", "is", {"type": "Project", "id": self.project["id"]}])
        if publish_filter.entities is not None:
            filters.append(["entity", "in", publish_filter.entities])
        if publish_filter.types:
            filters.append(["published_file_type", "in", sorted(publish_filter.types)])
        if publish_filter.steps:
            steps = self.steps()
            links = [{"type": "Step", "id": s["id"]}
                     for code in sorted(publish_filter.steps) for s in steps.get(code, ())]
            filters.append(["step", "in", links])
        if publish_filter.authors:
            users = self.users()
            links = [{"type": "User", "id": users[login]["id"]}
                     for login in sorted(publish_filter.authors) if login in users]
            filters.append(["created_by", "in", links])
        return filters

    def count(self, publish_filter):
        """How many publishes match (every version, whatever ``latest_only`` says)."""
        if publish_filter.entities == []:
            return 0
        return self.store.count("PublishedFile", self.filters(publish_filter))

    def page(self, publish_filter, limit, before=None, skip=0):
        """Up to ``limit`` publishes, newest first, created at or before ``before``.

        Keyset paging (no OFFSET: deep pages stay as fast as the first): the
        caller passes the ``created_at`` of the last row it read as ``before`` and
        how many rows it read with exactly that date as ``skip``; those come first
        again (the order is total) and are dropped.
        """
        if publish_filter.entities == []:
            return [], False
        filters = self.filters(publish_filter)
        if before is not None:
            filters.append(["created_at", "less_than", before + _ONE_MICROSECOND])
        rows = self.store.find("PublishedFile", filters, PUBLISH_FIELDS,
                               order=NEWEST_FIRST, limit=limit + skip)
        return rows[skip:], len(rows) == limit + skip

    def history(self, publish):
        """Every version of ``publish``'s stream, highest version first."""
        task = publish.get("task")
        filters = [
            ["name", "is", publish.get("name")],
            ["published_file_type", "is", publish.get("published_file_type")],
            ["entity", "is", _link_or_none(publish.get("entity"))],
            ["task", "is", _link_or_none(task)],
        ]
        return self.store.find("PublishedFile", filters, PUBLISH_FIELDS,
                               order=[("version_number", "desc"), ("id", "desc")])


def _link_or_none(entity):
    return {"type": entity["type"], "id": entity["id"]} if entity else None


class PublishList(object):
    """The rows of the publish list, fetched page by page.

    ``rows`` grows with :meth:`fetch_more` until :attr:`can_fetch_more` is False.
    With ``latest_only`` the pages are read newest first and an older version of a
    stream already listed is dropped, so the latest versions show without reading
    the whole table first.
    """

    def __init__(self, query, page_size=200):
        if page_size < 1:
            raise ReelkitError("page_size must be at least 1, not %r" % (page_size,))
        self.query = query
        self.page_size = page_size
        self.filter = PublishFilter()
        self.rows = []
        self._boundary = None        # created_at of the last row read
        self._boundary_count = 0     # rows read with exactly that created_at
        self._exhausted = False
        self._seen = set()
        self.types_seen = set()

    def set_filter(self, publish_filter):
        """Show ``publish_filter``'s publishes: rows restart empty, from the first page."""
        self.filter = publish_filter
        self.rows = []
        self._boundary = None
        self._boundary_count = 0
        self._exhausted = False
        self._seen = set()

    @property
    def can_fetch_more(self):
        return not self._exhausted

    def fetch_more(self):
        """Fetch the next page and list it; returns the rows added (maybe none with latest-only)."""
        added = self.read_page()
        self.rows.extend(added)
        return added

    def read_page(self):
        """Read the next page and return the rows to add, without adding them.

        A Qt model calls this, announces the insertion, then extends :attr:`rows`.
        """
        if self._exhausted:
            return []
        page, full = self.query.page(self.filter, self.page_size, self._boundary,
                                     self._boundary_count)
        if not full:
            self._exhausted = True
        added = []
        for publish in page:
            created = publish.get("created_at")
            if created == self._boundary:
                self._boundary_count += 1
            else:
                self._boundary, self._boundary_count = created, 1
            self.types_seen.add(publish.get("published_file_type"))
            if self.filter.latest_only:
                key = stream_key(publish)
                if key in self._seen:
                    continue
                self._seen.add(key)
            added.append(publish)
        if page and page[-1].get("created_at") is None:
            self._exhausted = True  # undated rows sort last: nothing to page after them
        return added

    def fetch_at_least(self, count):
        """Fetch pages until ``count`` rows are listed or nothing is left."""
        while len(self.rows) < count and self.can_fetch_more:
            self.fetch_more()
        return len(self.rows)

    def history(self, publish):
        """Every version of ``publish``'s stream, highest first."""
        return self.query.history(publish)
