"""Priority words and maps link as IT deployed them, for every screen that shows a visit."""

from __future__ import annotations

from sync.visit_display import VisitDisplay


def deployed_display() -> VisitDisplay:
    """From fielddesk.ini; the defaults if the file is unusable (sign-in reports what is wrong)."""
    from sync.deployment import DeploymentError, load_deployment  # noqa: PLC0415

    try:
        return load_deployment().visit
    except DeploymentError:
        return VisitDisplay()
