"""Hooks for the rest of nashir, such as the page cache purging an article.

comment_approved(sender=Comment, comment=…): a comment has just become public.
comments_changed(sender=Comment, article_id=…): what readers see under an article changed
    (a comment approved, un-approved, edited or deleted while public).
comment_posted(sender=Comment, comment=…): a reader has just sent a comment (any status).
"""

from django.dispatch import Signal

comment_approved = Signal()
comments_changed = Signal()
comment_posted = Signal()
