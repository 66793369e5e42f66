"""Dashboard views of the town hall features; access is decided in `apps.py` (`permissions_map`).

These views only add that a merchant handles their own shop's posts, found from their account,
never from the URL: another shop's post is simply not found.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, FormView, ListView, TemplateView, UpdateView
from oscar.core.loading import get_model

from shops.dashboard.mixins import MerchantShopMixin
from townhall import selectors, services
from townhall.forms import AnnouncementForm, HideForm, MerchantPostForm
from townhall.log import town_hall_action_record
from townhall.models import Announcement, MerchantPost, ModerationEvent

Product = get_model("catalogue", "Product")
Action = ModerationEvent.Action

FORM_TEMPLATE = "marketplace/dashboard/form.html"
CONFIRM_DELETE_TEMPLATE = "marketplace/dashboard/confirm_delete.html"
MODERATION_POSTS = 30
PRODUCT_SEARCH_RESULTS = 20


class FormPageMixin:
    """The shared form page: a title, a back link, and a success message after saving."""

    template_name = FORM_TEMPLATE
    page_title = ""
    back_url_name = ""
    saved_message = _("Saved.")

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            page_title=self.page_title, back_url=reverse(self.back_url_name), **kwargs
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.saved_message)
        return response


# --- Town hall: announcements on the home page


class AnnouncementListView(ListView):
    extra_context = {"page_title": _("Announcements")}
    template_name = "marketplace/dashboard/announcement_list.html"
    model = Announcement
    context_object_name = "announcements"
    paginate_by = 25


class AnnouncementCreateView(FormPageMixin, CreateView):
    form_class = AnnouncementForm
    page_title = _("New announcement")
    back_url_name = "dashboard:announcement-list"
    success_url = reverse_lazy("dashboard:announcement-list")
    saved_message = _("The announcement is saved; the home page shows it between its dates.")

    def form_valid(self, form: AnnouncementForm) -> HttpResponse:
        form.instance.created_by = self.request.user
        with transaction.atomic():
            response = super().form_valid(form)
            town_hall_action_record(
                action=Action.ANNOUNCEMENT_PUBLISHED, actor=self.request.user, subject=self.object.title
            )
        return response


class AnnouncementUpdateView(FormPageMixin, UpdateView):
    model = Announcement
    form_class = AnnouncementForm
    page_title = _("Edit announcement")
    back_url_name = "dashboard:announcement-list"
    success_url = reverse_lazy("dashboard:announcement-list")

    def form_valid(self, form: AnnouncementForm) -> HttpResponse:
        before = Announcement.objects.get(pk=form.instance.pk)
        with transaction.atomic():
            response = super().form_valid(form)
            services.announcement_edited_record(
                announcement=self.object, before=before, actor=self.request.user
            )
        return response


class ConfirmDeleteView(DeleteView):
    """Asks before deleting, then goes back to the list it came from."""

    template_name = CONFIRM_DELETE_TEMPLATE

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(back_url=self.success_url, **kwargs)


class AnnouncementDeleteView(ConfirmDeleteView):
    model = Announcement
    success_url = reverse_lazy("dashboard:announcement-list")

    def form_valid(self, form) -> HttpResponse:
        with transaction.atomic():
            town_hall_action_record(
                action=Action.ANNOUNCEMENT_DELETED, actor=self.request.user, subject=self.object.title
            )
            return super().form_valid(form)


# --- Town hall: hiding posts and products, and the log of it


class ModerationView(TemplateView):
    """The latest posts and a product search, each with a "Hide" link, and what was hidden so far."""

    extra_context = {"page_title": _("Moderation")}

    template_name = "marketplace/dashboard/moderation.html"

    def get_context_data(self, **kwargs) -> dict:
        query = self.request.GET.get("q", "").strip()
        products = (
            Product.objects.filter(is_public=True, title__icontains=query)
            .prefetch_related("stockrecords__partner")
            .order_by("title")[:PRODUCT_SEARCH_RESULTS]
            if query
            else []
        )
        return super().get_context_data(
            posts=MerchantPost.objects.filter(hidden_at__isnull=True).select_related("shop")[
                :MODERATION_POSTS
            ],
            query=query,
            products=products,
            log=selectors.moderation_log()[:100],
            **kwargs,
        )


class HideView(FormView):
    """Ask for the reason, then hide; the merchant gets it by email, the log keeps it."""

    template_name = "marketplace/dashboard/hide.html"
    form_class = HideForm
    success_url = reverse_lazy("dashboard:moderation")

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(target=self.get_target(), **kwargs)

    def form_valid(self, form: HideForm) -> HttpResponse:
        self.hide(self.get_target(), form.cleaned_data["reason"])
        messages.success(self.request, _("Hidden; the merchant was told why."))
        return redirect(self.success_url)


class PostHideView(HideView):
    def get_target(self) -> MerchantPost:
        return get_object_or_404(MerchantPost.objects.select_related("shop"), pk=self.kwargs["pk"])

    def hide(self, post: MerchantPost, reason: str) -> None:
        services.post_hide(post=post, actor=self.request.user, reason=reason)


class ProductHideView(HideView):
    def get_target(self) -> Product:
        return get_object_or_404(Product, pk=self.kwargs["pk"])

    def hide(self, product: Product, reason: str) -> None:
        services.product_hide(product=product, actor=self.request.user, reason=reason)


# --- Merchants: their own shop's posts


class MerchantPostMixin(MerchantShopMixin):
    """Scopes every post page to the signed-in merchant's shop."""

    def get_queryset(self) -> QuerySet[MerchantPost]:
        return selectors.merchant_posts(shop=self.shop)


class PostListView(MerchantPostMixin, ListView):
    extra_context = {"page_title": _("My posts")}
    template_name = "marketplace/dashboard/post_list.html"
    context_object_name = "posts"
    paginate_by = 25


class PostCreateView(MerchantPostMixin, FormPageMixin, CreateView):
    form_class = MerchantPostForm
    page_title = _("New post")
    back_url_name = "dashboard:post-list"
    success_url = reverse_lazy("dashboard:post-list")
    saved_message = _("Your post is saved; residents see it from its publication date.")

    def form_valid(self, form: MerchantPostForm) -> HttpResponse:
        form.instance.shop = self.shop
        return super().form_valid(form)


class PostUpdateView(MerchantPostMixin, FormPageMixin, UpdateView):
    form_class = MerchantPostForm
    page_title = _("Edit post")
    back_url_name = "dashboard:post-list"
    success_url = reverse_lazy("dashboard:post-list")

    def get_queryset(self) -> QuerySet[MerchantPost]:
        # A post the town hall hid stays hidden: editing it must not slip it back online unseen.
        return super().get_queryset().filter(hidden_at__isnull=True)


class PostDeleteView(MerchantPostMixin, ConfirmDeleteView):
    success_url = reverse_lazy("dashboard:post-list")
