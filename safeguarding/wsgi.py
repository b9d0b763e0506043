import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
application = get_wsgi_application()

from safeguarding.runtime import settle_heap  # noqa: E402 - after Django is set up

settle_heap()
