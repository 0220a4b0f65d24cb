"""The "Saving is off" notice every view that keeps something shows while the learner has chosen to save nothing.

The choice can change on another page or in module 00's switch on this one, so each notice is read again when the
page is opened (a pre-heated kernel), when its view saves, and whenever the switch on this page is moved.
"""

from __future__ import annotations

import weakref

import ipywidgets as ipw

from ..._errors import StoreError
from ..store import LearnerStore
from ._fresh import reload_when_opened
from ._place import place_words
from ._view import html_widget

NOTICE = ('<div class="tbc-box tbc-info tbc-saving-off"><p><strong>Saving is off.</strong> Nothing you do here is '
          "{nothing_kept}: it is kept only until you close the page. (You chose this; module 00 or the "
          "course home can turn saving back on.)</p></div>")
_notices: weakref.WeakSet[SavingNotice] = weakref.WeakSet()


class SavingNotice:
    """An HTML widget that reads "Saving is off" while the learner saves nothing, and is empty otherwise."""

    def __init__(self, store: LearnerStore):
        self.store = store
        self.widget: ipw.HTML = html_widget()
        self.refresh()
        _notices.add(self)
        reload_when_opened(self.refresh)

    def refresh(self) -> None:
        try:
            off = not self.store.saving
        except StoreError:
            off = False  # the view says what went wrong with the folder itself
        self.widget.value = NOTICE.format(nothing_kept=place_words(self.store).nothing_kept) if off else ""


def refresh_notices() -> None:
    """Read the choice again in every notice on this page (after the learner moved the switch)."""
    for notice in list(_notices):
        notice.refresh()
