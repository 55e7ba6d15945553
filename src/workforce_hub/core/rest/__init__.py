"""Shared REST plumbing for every app's `api.py`: the base viewset and its permissions (`base`), the error handler
(`errors`: object-level refusals are 404, never a hint that something exists) and pagination. The `api` app only
mounts the routers and serves the schema."""
