"""`adapt serve`: Socket Mode or HTTP (uvicorn with Bolt's ASGI adapter)."""
