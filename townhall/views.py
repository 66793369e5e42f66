"""Public town hall pages: the daily status board (page and JSON feed)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.generic import TemplateView

from townhall import selectors


class StatusBoardView(TemplateView):
    """Every shop today: open or closed now, today's hours, closures, how to buy."""

    template_name = "marketplace/townhall/status_board.html"

    def get_context_data(self, **kwargs) -> dict:
        now = timezone.now()
        return super().get_context_data(board=selectors.status_board(at=now), now=now, **kwargs)


def status_board_json(request: HttpRequest) -> JsonResponse:
    """The same board for the town's website, which fetches it from its own domain (hence CORS)."""
    now = timezone.now()
    response = JsonResponse(
        {
            "generated_at": now.isoformat(),
            "date": timezone.localdate(now).isoformat(),
            "shops": [day.as_json() for day in selectors.status_board(at=now)],
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    # Statuses change with the clock and the merchants' switches: a short cache spares the database.
    response["Cache-Control"] = "public, max-age=60"
    return response
