"""TikTok slow, failing or rate-limiting Flex: the creator's work is never lost."""

from __future__ import annotations

from pytest_bdd import given, then, when

from simulator.harness.apps import SimTenant
from simulator.harness.pages import OfferPage, Phone, SelectYourVideoDialog

MARKETPLACE = "/open_api/v1.3/tcm/*"
CAMPAIGNS = "/open_api/v1.3/tto/*"
REPORT = "/open_api/v1.3/tcm/report/*"
VIDEO_STATUS = "/open_api/v1.3/tcm/tt_video/status/*"
SLOW_MS = 500


@given("TikTok rate-limits Flex once")
def _(tenant: SimTenant) -> None:
    tenant.add_fault(path=MARKETPLACE, kind="error", error_code=40100, times=1)


@given("TikTok keeps rate-limiting Flex")
def _(tenant: SimTenant) -> None:
    tenant.add_fault(path=MARKETPLACE, kind="error", error_code=40100)


@given("TikTok is failing")
def _(tenant: SimTenant) -> None:
    tenant.add_fault(path=MARKETPLACE, kind="error", http_status=500, error_code=50000)
    tenant.add_fault(path=CAMPAIGNS, kind="error", http_status=500, error_code=50000)


@given("TikTok is slow to answer")
def _(tenant: SimTenant) -> None:
    # slow beside the few milliseconds TikTok takes, well inside Flex's time for a call
    tenant.add_fault(path=MARKETPLACE, kind="latency", latency_ms=SLOW_MS)


@then("Flex tells me TikTok could not be reached right now")
def _(phone: Phone) -> None:
    SelectYourVideoDialog(phone.page).expect_problem()


@then("Flex tells me TikTok could not be reached and my work is safe")
def _(phone: Phone) -> None:
    OfferPage(phone.page).expect_problem("safe")


@when("TikTok is back and I try again")
def _(phone: Phone, tenant: SimTenant) -> None:
    tenant.clear_faults()
    SelectYourVideoDialog(phone.page).try_again()


@given("TikTok stops answering about my video's numbers and ad authorization")
def _(tenant: SimTenant) -> None:
    for path in (REPORT, VIDEO_STATUS):
        tenant.add_fault(path=path, kind="error", http_status=500, error_code=50000)
