"""The shared core: small rules every app uses, importing no app of the project."""
