"""Production settings pass Django's deployment checks, and the web server does not name itself."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x7Qp9Lm2Vz8Rt4Wn6Yb1Hc5Jd0Fg3Ks" * 2,
    "ALLOWED_HOSTS": "marche.example.fr",
    "CSRF_TRUSTED_ORIGINS": "https://marche.example.fr",
}

# Variables of the test run itself (conftest sets the async one for the browser tests), not of a deployment.
TEST_ONLY = {
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    return {**env, **extra}


def test_check_deploy_reports_no_issue_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=environment(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_gunicorn_does_not_send_its_name_and_plain_http_goes_to_https():
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "marketplace.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=environment(**PRODUCTION),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        headers = None
        for _ in range(100):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/", headers={"Host": "marche.example.fr"}
            )
            try:
                with urllib.request.build_opener(NoRedirect).open(request, timeout=5) as response:
                    headers = response.headers
            except urllib.error.HTTPError as error:
                headers = error.headers
            except OSError:
                time.sleep(0.1)
                continue
            break
        assert headers is not None, "gunicorn did not answer"
        assert "gunicorn" not in headers.get("Server", "").lower()
        assert headers["Location"] == "https://marche.example.fr/"
        # Behind the proxy, which says the request came over HTTPS: served, with HSTS.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz",
            headers={"Host": "marche.example.fr", "X-Forwarded-Proto": "https"},
        )
        try:
            response = urllib.request.build_opener(NoRedirect).open(request, timeout=5)
            response_headers = response.headers
        except urllib.error.HTTPError as error:
            response_headers = error.headers
        assert response_headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "gunicorn" not in response_headers.get("Server", "").lower()
    finally:
        server.terminate()
        server.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None
