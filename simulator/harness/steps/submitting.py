"""Flex: the offer's terms and "Submit Content"."""

from __future__ import annotations

from pytest_bdd import then, when

from simulator.harness.pages import OfferPage, Phone


@when("I submit my content, confirming the offer's terms")
def _(phone: Phone) -> None:
    offer = OfferPage(phone.page)
    offer.confirm_terms()
    offer.submit()


@then("Flex shows my content as submitted")
def _(phone: Phone) -> None:
    OfferPage(phone.page).expect_submitted()


@then("I cannot submit my content without confirming the offer's terms")
def _(phone: Phone) -> None:
    OfferPage(phone.page).expect_cannot_submit()


@then("I cannot submit until every deliverable has final content")
def _(phone: Phone) -> None:
    offer = OfferPage(phone.page)
    offer.confirm_terms()
    offer.expect_cannot_submit()
