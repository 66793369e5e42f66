"""A Stripe-compatible HTTP server for tests: the endpoints the marketplace calls, with state.

It speaks Stripe's wire format (form-encoded parameters with `a[b]=c` nesting, JSON answers,
Stripe's error envelope), checks the secret key and required parameters, and replays the first
answer for a repeated `Idempotency-Key` as Stripe does. Card outcomes follow Stripe's test
payment methods; `authenticate` plays the bank's 3-D Secure page, which Stripe.js shows in a
browser. `event` and `sign` build webhook deliveries signed like Stripe's. `unreachable` makes
requests fail as if Stripe could not be reached, to test retries.

Money moves as on a live account: a charge's funds are pending, so a transfer must name the charge
it is paid from (`source_transaction`, and then waits for its funds) or Stripe refuses it for lack
of available funds (`balance_insufficient`); `funds_short` forces that refusal, to test retries.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

SECRET_KEY = "sk_test_stub"
PUBLISHABLE_KEY = "pk_test_stub"
WEBHOOK_SECRET = "whsec_test_stub"

DECLINED = {"code": "card_declined", "decline_code": "generic_decline", "message": "Your card was declined."}
IDEMPOTENCY_MISMATCH = (
    "Keys for idempotent requests can only be used with the same parameters they were first used with."
)
AUTHENTICATION_FAILED = {
    "code": "payment_intent_authentication_failure",
    "message": "We are unable to authenticate your payment method. Please choose a different payment method.",
}


class StripeError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str = "",
        kind: str = "invalid_request_error",
        code: str = "",
        executed: bool = False,
    ):
        super().__init__(message)
        self.status, self.message, self.param, self.kind, self.code = status, message, param, kind, code
        # Refused once the endpoint ran (not at validation): Stripe keeps the answer under the key.
        self.executed = executed

    def body(self) -> dict:
        error = {"type": self.kind, "message": self.message, "param": self.param}
        return {"error": {**error, "code": self.code} if self.code else error}


BALANCE_INSUFFICIENT = (
    "You have insufficient available funds in your Stripe account. Try adding funds directly to your "
    "available balance by creating Charges using the 4000000000000077 test card."
)


def nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """`metadata[orders]=x` → {"metadata": {"orders": "x"}}, as Stripe reads form parameters."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return result


class StripeStub:
    def __init__(self) -> None:
        self.intents: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.accounts: dict[str, dict] = {}
        self.transfers: dict[str, dict] = {}
        self.requests: list[tuple[str, str, dict]] = []
        # {path prefix: n}: the next n requests under that path find Stripe unreachable (the
        # connection drops unanswered, so Stripe records nothing, not even the idempotency key).
        self.unreachable: dict[str, int] = {}
        # Funds available in the platform's balance (cents); the next `funds_short` transfers are
        # refused for lack of funds whatever they are paid from.
        self.available = 0
        self.funds_short = 0
        self._idempotent: dict[str, tuple[str, dict, int, dict]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> StripeStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):08d}stub"

    def calls(self, method: str, path: str) -> list[dict]:
        """The parameters of every request to this endpoint, in order (repeats included)."""
        return [params for m, p, params in self.requests if m == method and p == path]

    # --- Endpoints.

    def handle(self, method: str, path: str, params: dict, key: str | None) -> tuple[int, dict]:
        with self._lock:
            self.requests.append((method, path, params))
            if key is not None and method == "POST":
                if key in self._idempotent:
                    seen_path, seen_params, status, body = self._idempotent[key]
                    if (seen_path, seen_params) != (path, params):
                        raise StripeError(400, IDEMPOTENCY_MISMATCH, kind="idempotency_error")
                    return status, body
                try:
                    status, body = self.route(method, path, params)
                except StripeError as error:
                    if not error.executed:
                        raise
                    status, body = error.status, error.body()
                self._idempotent[key] = (path, params, status, body)
                return status, body
            return self.route(method, path, params)

    def route(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        routes = [
            ("POST", r"/v1/payment_intents", self.intent_create),
            ("GET", r"/v1/payment_intents/(?P<id>[\w]+)", self.intent_retrieve),
            ("POST", r"/v1/payment_intents/(?P<id>[\w]+)/confirm", self.intent_confirm),
            ("POST", r"/v1/payment_intents/(?P<id>[\w]+)/cancel", self.intent_cancel),
            ("POST", r"/v1/payment_intents/(?P<id>[\w]+)/capture", self.intent_capture),
            ("POST", r"/v1/refunds", self.refund_create),
            ("POST", r"/v1/accounts", self.account_create),
            ("POST", r"/v1/account_links", self.account_link_create),
            ("POST", r"/v1/transfers", self.transfer_create),
            ("POST", r"/v1/transfers/(?P<id>[\w]+)/reversals", self.transfer_reversal_create),
        ]
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return 200, handler(params, **match.groupdict())
        raise StripeError(404, f"Unrecognized request URL ({method}: {path}).")

    def _intent(self, intent_id: str) -> dict:
        if intent_id not in self.intents:
            raise StripeError(404, f"No such payment_intent: '{intent_id}'", param="intent")
        return self.intents[intent_id]

    @staticmethod
    def _require(params: dict, *names: str) -> None:
        for name in names:
            if not params.get(name):
                raise StripeError(400, f"Missing required param: {name}.", param=name)

    def intent_create(self, params: dict) -> dict:
        self._require(params, "amount", "currency")
        if not params["amount"].isdigit() or int(params["amount"]) < 50:
            raise StripeError(400, "Amount must be at least €0.50 eur", param="amount")
        intent_id = self.new_id("pi")
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(params["amount"]),
            "amount_received": 0,
            "currency": params["currency"],
            "status": "requires_payment_method",
            "client_secret": f"{intent_id}_secret_stub",
            "metadata": params.get("metadata", {}),
            "transfer_group": params.get("transfer_group"),
            "capture_method": params.get("capture_method", "automatic"),
            "amount_capturable": 0,
            "last_payment_error": None,
            "latest_charge": None,
            "next_action": None,
            "livemode": False,
        }
        self.intents[intent_id] = intent
        return intent

    def intent_retrieve(self, params: dict, id: str) -> dict:
        return self._intent(id)

    def intent_confirm(self, params: dict, id: str) -> dict:
        """What Stripe.js does in the browser: pay with a test card."""
        intent = self._intent(id)
        self._require(params, "payment_method")
        if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
            raise StripeError(
                400, f"This PaymentIntent's status is {intent['status']}.", kind="invalid_request_error"
            )
        method = params["payment_method"]
        if method == "pm_card_chargeDeclined":
            intent.update(
                status="requires_payment_method", last_payment_error={"type": "card_error", **DECLINED}
            )
        elif method == "pm_card_authenticationRequired":
            intent.update(
                status="requires_action", next_action={"type": "use_stripe_sdk"}, last_payment_error=None
            )
        else:
            self._succeed(intent)
        return intent

    def authenticate(self, intent_id: str, *, passed: bool) -> dict:
        """The resident's answer on the bank's 3-D Secure page."""
        with self._lock:
            intent = self._intent(intent_id)
            assert intent["status"] == "requires_action"
            if passed:
                self._succeed(intent)
            else:
                intent.update(
                    status="requires_payment_method",
                    next_action=None,
                    last_payment_error={"type": "invalid_request_error", **AUTHENTICATION_FAILED},
                )
            return intent

    def _succeed(self, intent: dict) -> None:
        """The card accepted: charged at once, or, with manual capture, only authorised (held)."""
        charge_id = self.new_id("ch")
        manual = intent["capture_method"] == "manual"
        self.charges[charge_id] = {
            "id": charge_id,
            "object": "charge",
            "amount": intent["amount"],
            "amount_captured": 0 if manual else intent["amount"],
            "captured": not manual,
            "amount_refunded": 0,
            "refunded": False,
            "payment_intent": intent["id"],
            "transfer_group": intent["transfer_group"],
            "status": "succeeded",
        }
        if manual:
            intent.update(
                status="requires_capture",
                amount_capturable=intent["amount"],
                latest_charge=charge_id,
                last_payment_error=None,
                next_action=None,
            )
            return
        intent.update(
            status="succeeded",
            amount_received=intent["amount"],
            latest_charge=charge_id,
            last_payment_error=None,
            next_action=None,
        )

    def intent_capture(self, params: dict, id: str) -> dict:
        """Charge an authorised intent, all of it or less (`amount_to_capture`); the rest is released."""
        intent = self._intent(id)
        if intent["status"] != "requires_capture":
            raise StripeError(
                400,
                f"This PaymentIntent could not be captured because it has a status of {intent['status']}.",
                code="payment_intent_unexpected_state",
            )
        amount = int(params.get("amount_to_capture", intent["amount_capturable"]))
        if amount <= 0 or amount > intent["amount_capturable"]:
            raise StripeError(
                400,
                f"The amount_to_capture ({amount}) must be at most the amount capturable "
                f"({intent['amount_capturable']}).",
                param="amount_to_capture",
                code="amount_too_large",
            )
        charge = self.charges[intent["latest_charge"]]
        charge.update(amount_captured=amount, captured=True)
        intent.update(status="succeeded", amount_received=amount, amount_capturable=0)
        return intent

    def intent_cancel(self, params: dict, id: str) -> dict:
        intent = self._intent(id)
        if intent["status"] in ("succeeded", "canceled"):  # requires_capture may be cancelled: released
            raise StripeError(
                400,
                f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}.",
            )
        intent.update(status="canceled", cancellation_reason=params.get("cancellation_reason"))
        return intent

    def refund_create(self, params: dict) -> dict:
        self._require(params, "payment_intent")
        intent = self._intent(params["payment_intent"])
        if intent["status"] != "succeeded":
            raise StripeError(400, "This PaymentIntent does not have a successful charge to refund.")
        charge = self.charges[intent["latest_charge"]]
        remaining = charge["amount_captured"] - charge["amount_refunded"]
        amount = int(params.get("amount", remaining))
        if amount <= 0 or amount > remaining:
            raise StripeError(
                400,
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                param="amount",
            )
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount_captured"]
        refund_id = self.new_id("re")
        refund = {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "payment_intent": intent["id"],
            "metadata": params.get("metadata", {}),
            "status": "succeeded",
        }
        self.refunds[refund_id] = refund
        return refund

    def account_create(self, params: dict) -> dict:
        self._require(params, "type")
        account_id = self.new_id("acct")
        account = {
            "id": account_id,
            "object": "account",
            "type": params["type"],
            "email": params.get("email"),
        }
        account.update(metadata=params.get("metadata", {}), charges_enabled=False, payouts_enabled=False)
        self.accounts[account_id] = account
        return account

    def account_link_create(self, params: dict) -> dict:
        self._require(params, "account", "refresh_url", "return_url", "type")
        if params["account"] not in self.accounts:
            raise StripeError(400, f"No such account: '{params['account']}'", param="account")
        return {
            "object": "account_link",
            "url": f"https://connect.stripe.com/setup/e/{params['account']}/stub",
        }

    def transfer_create(self, params: dict) -> dict:
        self._require(params, "amount", "currency", "destination")
        if params["destination"] not in self.accounts:
            raise StripeError(400, f"No such destination: '{params['destination']}'", param="destination")
        amount = int(params["amount"])
        source = params.get("source_transaction")
        if source:
            self._transfer_source_check(source, amount, params.get("transfer_group"))
        if self.funds_short or (not source and amount > self.available):
            self.funds_short = max(self.funds_short - 1, 0)
            raise StripeError(400, BALANCE_INSUFFICIENT, code="balance_insufficient", executed=True)
        if not source:
            self.available -= amount
        transfer_id = self.new_id("tr")
        transfer = {
            "id": transfer_id,
            "object": "transfer",
            "amount": int(params["amount"]),
            "currency": params["currency"],
            "destination": params["destination"],
            "transfer_group": params.get("transfer_group"),
            "source_transaction": source,
            "metadata": params.get("metadata", {}),
            "amount_reversed": 0,
            "reversed": False,
            "reversals": {"object": "list", "data": []},
        }
        self.transfers[transfer_id] = transfer
        return transfer

    def _transfer_source_check(self, charge_id: str, amount: int, transfer_group: str | None) -> None:
        """A transfer paid from a charge: of this checkout's payment, and not more than is left of it."""
        if charge_id not in self.charges:
            raise StripeError(400, f"No such charge: '{charge_id}'", param="source_transaction")
        charge = self.charges[charge_id]
        if transfer_group and transfer_group != charge["transfer_group"]:
            raise StripeError(
                400,
                f"The transfer_group '{transfer_group}' does not match the source transaction's "
                f"transfer_group '{charge['transfer_group']}'.",
                param="transfer_group",
            )
        paid_from = [t["amount"] for t in self.transfers.values() if t.get("source_transaction") == charge_id]
        if not charge["captured"]:
            raise StripeError(
                400, f"The charge '{charge_id}' is not captured yet.", param="source_transaction"
            )
        left = charge["amount_captured"] - charge["amount_refunded"] - sum(paid_from)
        if amount > left:
            raise StripeError(
                400,
                f"Transfer amount ({amount}) is greater than the source transaction's remainder ({left}).",
                param="amount",
            )

    def transfer_reversal_create(self, params: dict, id: str) -> dict:
        if id not in self.transfers:
            raise StripeError(404, f"No such transfer: '{id}'", param="id")
        transfer = self.transfers[id]
        remaining = transfer["amount"] - transfer["amount_reversed"]
        amount = int(params.get("amount", remaining))
        if amount <= 0 or amount > remaining:
            raise StripeError(
                400,
                f"Reversal amount ({amount}) is greater than the amount left on the transfer ({remaining}).",
                param="amount",
            )
        reversal = {
            "id": self.new_id("trr"),
            "object": "transfer_reversal",
            "amount": amount,
            "currency": transfer["currency"],
            "transfer": id,
            "metadata": params.get("metadata", {}),
        }
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        transfer["reversals"]["data"].append(reversal)
        return reversal

    # --- Webhooks.

    def event(self, event_type: str, obj: dict, *, created: int | None = None) -> dict:
        return {
            "id": self.new_id("evt"),
            "object": "event",
            "api_version": "2025-01-27.acacia",
            "created": created or int(time.time()),
            "livemode": False,
            "type": event_type,
            "data": {"object": json.loads(json.dumps(obj))},
        }

    @staticmethod
    def sign(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
        """The `Stripe-Signature` header Stripe sends with this payload."""
        timestamp = int(time.time()) if timestamp is None else timestamp
        digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
        return f"t={timestamp},v1={digest}"

    # --- HTTP.

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
                pass

            def _answer(self) -> None:
                url = urlparse(self.path)
                with stub._lock:
                    prefixes = [p for p, left in stub.unreachable.items() if left and url.path.startswith(p)]
                    down = prefixes[0] if prefixes else ""
                    if down:
                        stub.unreachable[down] -= 1
                if down:
                    self.close_connection = True
                    return
                if self.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                    status, body = (
                        401,
                        {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}},
                    )
                else:
                    length = int(self.headers.get("Content-Length") or 0)
                    raw = self.rfile.read(length).decode() if length else url.query
                    params = nest(parse_qsl(raw, keep_blank_values=True))
                    try:
                        status, body = stub.handle(
                            self.command, url.path, params, self.headers.get("Idempotency-Key")
                        )
                    except StripeError as error:
                        status, body = error.status, error.body()
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{next(stub._ids)}")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

        return Handler
