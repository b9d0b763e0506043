"""The audit trail: every insert, update and delete of partnership data, recorded by database triggers.

Triggers (django-pghistory) see bulk updates and raw SQL as well as ordinary saves. The signed-in user and
the URL come from pghistory's middleware; Celery tasks name themselves with `task_context`.
"""

import pghistory


def track(model):
    """Class decorator: record every insert, update and delete of the model in an append-only event table.

    Trackers hold per-model state, so each model gets fresh ones.
    """
    decorator = pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        # Database triggers refuse any update or delete of a history row.
        append_only=True,
    )
    return decorator(model)


def task_context(name: str):
    """Label the history rows written inside a background task."""
    return pghistory.context(task=name)
