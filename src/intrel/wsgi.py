import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intrel.conf.production")

application = get_wsgi_application()

# The product refuses to start with a framework it cannot load whole (also without `check`).
from intrel.assessments.checks import refuse_broken_frameworks  # noqa: E402

refuse_broken_frameworks()

# Everything loaded so far (Django, the apps, the frameworks) lives as long as the process: move
# it out of the cyclic garbage collector's sight, so a collection during a request walks only
# what requests made (issue 19; docs/performance.md).
gc.freeze()
