"""The card page lets Stripe.js and its frames in, and still runs no inline script without the nonce."""

from django.urls import reverse

from tests.core.test_csp import assert_only_our_scripts_run, directives
from tests.payments.test_card_checkout import place_by_card


def test_the_card_page_allows_stripe_js_and_its_frames_only_there(client, town, stripe_stub):
    checkout = place_by_card(client, town)

    response = client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))

    policy = directives(response)
    assert "https://js.stripe.com" in policy["script-src"]
    assert {"https://js.stripe.com", "https://hooks.stripe.com"} <= set(policy["frame-src"])
    assert "https://api.stripe.com" in policy["connect-src"]
    assert_only_our_scripts_run(response)
    assert 'src="https://js.stripe.com/v3/"' in response.content.decode()
    assert "stripe.com" not in client.get(reverse("basket:summary"))["Content-Security-Policy"]
