"""What a user wrote in the merchants' space, in their data export (merchants' accounts are removed by
the town hall, not deleted by themselves, so nothing to erase here)."""

from typing import Any

from community.models import CommunityPost, CommunityReply


def community_export(user: Any) -> dict[str, list]:
    return {
        "posts": [
            {"title": post.title, "text": post.text, "created_at": post.created_at.isoformat()}
            for post in CommunityPost.objects.filter(author=user)
        ],
        "answers": [
            {"post": reply.post.title, "text": reply.text, "created_at": reply.created_at.isoformat()}
            for reply in CommunityReply.objects.filter(author=user).select_related("post")
        ],
    }
