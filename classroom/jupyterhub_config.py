# The local classroom: JupyterHub on 127.0.0.1 with a dummy login and one local process per user.
# Start it with `make classroom` (python -m widgets classroom), which sets the TBC_CLASSROOM_* variables.
# Every setting is in widgets/classroom.py, so the tests start exactly this hub.
from widgets.classroom.hub import configure_hub

configure_hub(get_config())  # noqa: F821 (JupyterHub provides get_config)
