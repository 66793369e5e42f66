"""Gunicorn's settings, read from the working directory by any `gunicorn` command (the image's, compose's).

The only one: responses say `Server: marketplace`, not gunicorn and its version, so a scan of the
site does not learn which server (and which of its known flaws) to try.
"""

import gunicorn.http.wsgi

# Gunicorn writes the header from this module-level name for every response; there is no setting for it.
gunicorn.http.wsgi.SERVER = "marketplace"
