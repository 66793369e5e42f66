"""The production image's build step (Dockerfile: collectstatic with DEBUG=0) goes through: without its
manifest, every page answers 500 in production."""

from django.core.management import call_command


def test_the_production_build_collects_and_fingerprints_every_static_file(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    # Fails when a file refers to one that is not shipped (a vendored script's source map, say).
    call_command("collectstatic", interactive=False, verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
