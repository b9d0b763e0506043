"""Putting work on the Celery queues without ever making a web request wait for Redis."""

import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def publish(task, *args, **kwargs) -> bool:
    """Send a task now. Returns False (and logs) when the broker cannot be reached within the retry policy.

    Work that must not be lost has a database row of its own that a sweeper re-enqueues, so a False here
    delays the work rather than losing it.
    """
    try:
        task.apply_async(
            args=args, kwargs=kwargs, retry=True, retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY
        )
    except Exception:  # kombu and redis raise several unrelated connection errors
        logger.warning("Could not enqueue %s; it will be picked up by its sweeper.", task.name, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send a task once the current transaction commits, so the worker sees the rows it is given ids of."""
    transaction.on_commit(lambda: publish(task, *args, **kwargs))
