"""The Store contract (tests/store/test_store.py and friends) run on the ShotGrid backend."""

from tests.store.test_store import (  # noqa: F401 -- collected here, on Mockgun
    test_bad_requests_are_refused_and_change_nothing, test_create_and_find_with_links,
    test_every_operator, test_latest_versions_in_one_call, test_path_cache,
    test_path_cache_is_relative_to_roots, test_publish_record_fields,
    test_register_publish_allocates_versions_per_key, test_reserve_and_release_versions,
    test_second_publish_to_a_path_is_refused, test_update_renames_every_link,
    test_shot_cut_ranges_and_task_assignees)
from tests.store.test_review_store import (  # noqa: F401
    test_changing_a_version_number_keeps_the_allocator_ahead,
    test_malformed_field_names_are_store_errors, test_null_values_sort_the_same_on_every_backend,
    test_updated_publish_path_is_normalised_like_a_registered_one,
    test_utf8_byte_strings_of_python2_are_text)
