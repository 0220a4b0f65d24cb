# nbgrader reads this file when it runs in this folder (the formgrader, `nbgrader ...` commands). The settings
# live in widgets/grading_config.py so that `make release` / `make grade` use exactly the same ones.
import os

from widgets.grading.config import configure

configure(get_config(), os.path.dirname(os.path.abspath(__file__)))  # noqa: F821 (nbgrader provides get_config)
