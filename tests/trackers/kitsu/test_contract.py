"""The Store contract (tests/store) run on the Kitsu backend, against a real Kitsu."""

from tests.store.test_store import (  # noqa: F401 -- collected here, on Kitsu
    test_bad_requests_are_refused_and_change_nothing, test_create_and_find_with_links,
    test_every_operator, test_latest_versions_in_one_call, test_path_cache,
    test_path_cache_is_relative_to_roots, test_publish_record_fields,
    test_register_publish_allocates_versions_per_key, test_reserve_and_release_versions,
    test_second_publish_to_a_path_is_refused, test_update_renames_every_link,
    test_shot_cut_ranges_and_task_assignees)
