"""What the hub tests share."""

from __future__ import annotations

import os

import pytest

from widgets.classroom.hub import proxy_command


def require_proxy() -> None:
    """Skip (fail on CI) when configurable-http-proxy, which every hub test needs, is not installed."""
    try:
        proxy_command()
    except FileNotFoundError as missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the classroom test: {missing}")
        pytest.skip(f"{missing} (npm installs it: apt-get install npm)")
