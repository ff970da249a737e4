"""The Telegram transport: python-telegram-bot handlers, the service's lifecycle (polling or a
webhook), the webhook server, the order updates are processed in, and sending within Telegram's
limits.

Only this package imports ``telegram``, ``starlette`` and ``uvicorn`` (as only :mod:`bot.store`
imports ``redis``). It may import the rest of ``bot``; nothing in ``bot`` imports it but
``careerbot run`` (:mod:`bot.__main__`).
"""
