"""The merchants' space in the dashboard. Access is in apps.py: merchants read and write, the town hall
reads everything (hidden posts too) and hides; a user who runs no shop cannot write."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from community import selectors, services
from community.forms import CommunityPostForm, CommunityReplyForm, HideForm
from community.models import CommunityPost, CommunityReply
from shops.dashboard.selectors import merchant_shop


def _is_moderator(request: HttpRequest) -> bool:
    return request.user.is_staff and request.user.has_perm("partner.change_partner")


class SpaceView(View):
    template_name = "community/list.html"

    def get(self, request: HttpRequest, form: CommunityPostForm | None = None) -> HttpResponse:
        shop = merchant_shop(user=request.user)
        moderator = _is_moderator(request)
        if shop is None and not moderator:
            raise Http404(_("You do not run a shop on the marketplace."))
        context = {
            "posts": selectors.space_posts(include_hidden=moderator)[:50],
            "form": form or (CommunityPostForm() if shop else None),
            "moderator": moderator,
        }
        return render(request, self.template_name, context, status=400 if form else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        shop = merchant_shop(user=request.user)
        if shop is None:
            raise Http404(_("You do not run a shop on the marketplace."))
        form = CommunityPostForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form)
        services.community_post_add(shop=shop, author=request.user, **form.cleaned_data)
        messages.success(
            request, _("Posted: the other merchants will see it, and hear of it in tomorrow's email.")
        )
        return redirect("dashboard:community-list")


class PostView(View):
    template_name = "community/detail.html"

    def get(self, request: HttpRequest, pk: int, form: CommunityReplyForm | None = None) -> HttpResponse:
        shop = merchant_shop(user=request.user)
        moderator = _is_moderator(request)
        if shop is None and not moderator:
            raise Http404
        post = selectors.space_post(pk=pk, include_hidden=moderator)
        if post is None:
            raise Http404
        context = {
            "post": post,
            "form": form or (CommunityReplyForm() if shop else None),
            "moderator": moderator,
            "hide_form": HideForm(),
        }
        return render(request, self.template_name, context, status=400 if form else 200)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shop = merchant_shop(user=request.user)
        post = selectors.space_post(pk=pk, include_hidden=False)
        if shop is None or post is None:
            raise Http404
        form = CommunityReplyForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        services.community_reply_add(
            post=post, shop=shop, author=request.user, text=form.cleaned_data["text"]
        )
        return redirect("dashboard:community-post", pk=pk)


class HidePostView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post = get_object_or_404(CommunityPost, pk=pk)
        form = HideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the post is hidden."))
            return redirect("dashboard:community-post", pk=pk)
        services.community_post_hide(post=post, reason=form.cleaned_data["reason"])
        messages.success(request, _("Hidden from the merchants."))
        return redirect("dashboard:community-list")


class HideReplyView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reply = get_object_or_404(CommunityReply, pk=pk)
        services.community_reply_hide(reply=reply)
        return redirect("dashboard:community-post", pk=reply.post_id)
