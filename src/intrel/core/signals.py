"""Signals of intrel's own.

``bulk_written`` (``sender`` the model) is sent after a bulk write (``bulk_create``,
``bulk_update``, a queryset's ``update``) that Django's ``post_save`` does not announce: the
import and ``assess_all`` write in bulk (issue 19), and the portal's cache must still see the
change (``portal/apps.py`` listens to both).
"""

from django.dispatch import Signal

bulk_written = Signal()
