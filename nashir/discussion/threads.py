"""Comments as readers see them: one query per article, arranged into threads in Python."""

from dataclasses import dataclass, field

from django.db.models import Q

from .models import Comment

MAX_DEPTH = 3


@dataclass
class Node:
    comment: Comment
    depth: int
    replies: list["Node"] = field(default_factory=list)
    reply_to: str = ""


def approved_comments(article):
    """The article's public comments, oldest first; fetched once per article object."""
    cached = getattr(article, "_approved_comments", None)
    if cached is None:
        cached = list(Comment.objects.filter(article_id=article.pk).approved().public())
        article._approved_comments = cached
    return cached


def visible_comments(article, own_ids=()):
    """Public comments plus the reader's own held ones (from their signed cookie), one query."""
    if not own_ids:
        return approved_comments(article)
    return list(
        Comment.objects.filter(article_id=article.pk)
        .filter(
            Q(status=Comment.Status.APPROVED)
            | Q(pk__in=own_ids, status__in=[Comment.Status.PENDING, Comment.Status.SPAM])
        )
        .public()
    )


def build_threads(comments, max_depth=MAX_DEPTH):
    """Nest replies under their parents, oldest first at every level.

    Below `max_depth` a conversation continues flat, each reply right after the one it answers
    and labelled «ردّاً على …»; a reply whose parent is not visible starts its own thread,
    as WordPress does.
    """
    comments = sorted(comments, key=lambda c: (c.created_at, c.pk))
    by_id = {c.pk: c for c in comments}
    children, roots = {}, []
    for comment in comments:
        if comment.parent_id in by_id and comment.parent_id != comment.pk:
            children.setdefault(comment.parent_id, []).append(comment)
        else:
            roots.append(comment)

    def flattened(comment):
        out, stack, seen = [], [comment], set()
        while stack:
            current = stack.pop()
            if current.pk in seen:
                continue
            seen.add(current.pk)
            out.append(current)
            stack.extend(reversed(children.get(current.pk, [])))
        return out

    def nest(siblings, depth):
        nodes = []
        for comment in siblings:
            if depth < max_depth:
                nodes.append(Node(comment, depth, nest(children.get(comment.pk, []), depth + 1)))
                continue
            for i, descendant in enumerate(flattened(comment)):
                node = Node(descendant, depth)
                if i:
                    node.reply_to = by_id[descendant.parent_id].name
                nodes.append(node)
        return nodes

    return nest(roots, 1)
