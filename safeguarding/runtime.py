"""Process set-up shared by the web server and the benchmark."""

import gc


def settle_heap() -> None:
    """Move everything loaded so far (Django, the apps, their modules) out of the garbage collector's view.

    Those objects live as long as the process, yet every full collection walked all of them: a pause of
    several milliseconds landing on whichever request happened to trigger it. Called once a process has
    loaded the application (safeguarding/wsgi.py; `manage.py bench`, to measure what is served)."""
    gc.collect()
    gc.freeze()
