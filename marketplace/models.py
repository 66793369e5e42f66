"""No models: the project's own are in its apps. The module stays because Django sends post_migrate
only to apps that have one, and the project's receiver (marketplace/receivers.py: roles and message
wording, once every app has migrated) listens for its own."""
