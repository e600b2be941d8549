"""Publishing and folder creation (tests/store) through the ShotGrid backend, on Mockgun."""

from tests.store.test_publish import (  # noqa: F401 -- fixtures and tests collected here
    context, templates, scene_template, render_template,
    test_publish_a_file, test_publish_a_sequence_with_progress_and_dependencies,
    test_existing_published_file_is_never_overwritten, test_bad_fields_are_refused_before_anything,
    test_unknown_dependency_is_refused, test_crash_mid_copy_leaves_nothing_and_rerun_completes,
    test_killed_publisher_version_is_skipped, test_failed_registration_removes_placed_files,
    test_a_context_without_ids_links_the_shot_of_its_own_sequence,
    test_a_render_folder_made_by_someone_else_mid_publish)
from tests.store.test_folders import (  # noqa: F401
    comp_task, test_shot_folders_and_path_cache, test_asset_folders_under_asset_type,
    test_folder_cached_for_another_entity_is_an_error, test_renamed_entity_is_an_error,
    test_entity_without_its_parent_is_an_error)
