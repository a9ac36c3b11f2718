"""Quality of «مقالات ذات صلة» on the labelled set: `make bench-related-quality` prints it."""

import pytest
from django.core.management import call_command

from .labelled import build, computed_lists, precision_at_k, tag_only_lists

pytestmark = pytest.mark.django_db

TARGET = 0.8


def test_related_lists_find_the_same_story_not_just_the_same_tags(home):
    """Readers get other articles of the same story, also when tags are shared by other news."""
    story_of, published = build(home)

    as_published = precision_at_k(story_of, computed_lists(story_of))
    call_command("compute_related", all=True, verbosity=0)
    rebuilt = precision_at_k(story_of, computed_lists(story_of))
    tag_only = precision_at_k(story_of, tag_only_lists(published))
    print(
        f"\nprecision@4 on {len(story_of)} story articles (+{len(published) - len(story_of)} "
        f"distractors): published one by one {as_published:.3f}, after compute_related --all "
        f"{rebuilt:.3f}, tag-only ranking {tag_only:.3f}"
    )
    assert as_published >= TARGET
    assert rebuilt >= TARGET
    assert rebuilt > tag_only
