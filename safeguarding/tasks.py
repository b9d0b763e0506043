"""Project-wide tasks."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone


@shared_task(name="safeguarding.heartbeat")
def heartbeat(token: str) -> None:
    """Proves a worker is consuming the default queue: records when it ran, under the caller's token."""
    cache.set(f"heartbeat:{token}", timezone.now().isoformat(), timeout=300)
