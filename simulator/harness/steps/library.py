"""The whole step library, as one pytest plugin module (for this project's root conftest,
or for another project through the `tiktok_sim_steps` entry point)."""

from simulator.harness.steps.ad_authorization import *  # noqa: F403
from simulator.harness.steps.data import *  # noqa: F403
from simulator.harness.steps.final_content import *  # noqa: F403
from simulator.harness.steps.flex import *  # noqa: F403
from simulator.harness.steps.joining import *  # noqa: F403
from simulator.harness.steps.marketer import *  # noqa: F403
from simulator.harness.steps.posting import *  # noqa: F403
from simulator.harness.steps.screens import *  # noqa: F403
from simulator.harness.steps.spark_ad import *  # noqa: F403
from simulator.harness.steps.submitting import *  # noqa: F403
from simulator.harness.steps.trouble import *  # noqa: F403
from simulator.harness.steps.uploading import *  # noqa: F403

STEP_MODULES = (
    "simulator.harness.steps.ad_authorization",
    "simulator.harness.steps.data",
    "simulator.harness.steps.final_content",
    "simulator.harness.steps.flex",
    "simulator.harness.steps.joining",
    "simulator.harness.steps.marketer",
    "simulator.harness.steps.posting",
    "simulator.harness.steps.spark_ad",
    "simulator.harness.steps.submitting",
    "simulator.harness.steps.trouble",
    "simulator.harness.steps.uploading",
)
