"""Storefront URLs of follows and the Atom feeds."""

from django.urls import path

from follows import feeds, views

app_name = "follows"
urlpatterns = [
    path("shops/<int:pk>/", views.FollowShopView.as_view(), name="follow-shop"),
    path("shops/<int:pk>/reopen/", views.ReopenAlertView.as_view(), name="reopen-alert"),
    path("markets/", views.FollowMarketsView.as_view(), name="follow-markets"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("feeds/town/", feeds.TownFeed(), name="feed-town"),
    path("feeds/shops/<slug:slug>/", feeds.ShopFeed(), name="feed-shop"),
]
