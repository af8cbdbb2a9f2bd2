"""The whole step library, as one pytest plugin module (for this project's root conftest,
or for another project through the `tiktok_sim_steps` entry point)."""

from steps.ad_authorization import *  # noqa: F403
from steps.data import *  # noqa: F403
from steps.final_content import *  # noqa: F403
from steps.flex import *  # noqa: F403
from steps.joining import *  # noqa: F403
from steps.marketer import *  # noqa: F403
from steps.posting import *  # noqa: F403
from steps.screens import *  # noqa: F403
from steps.submitting import *  # noqa: F403
from steps.trouble import *  # noqa: F403
from steps.uploading import *  # noqa: F403

STEP_MODULES = (
    "steps.ad_authorization",
    "steps.data",
    "steps.final_content",
    "steps.flex",
    "steps.joining",
    "steps.marketer",
    "steps.posting",
    "steps.submitting",
    "steps.trouble",
    "steps.uploading",
)
