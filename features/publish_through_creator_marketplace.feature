@e2e @journey
Feature: Publishing a TikTok deliverable through the Creator Marketplace
  As a creator with a TikTok deliverable in a Flex offer
  I publish my video through TikTok's Creator Marketplace and hand it in on Flex,
  so the marketer gets my post, its metrics and the right to use it in ads.

  Scenario: A creator on a phone posts a draft through TikTok and submits it in Flex
    Given I am signed in to Flex on my phone
    When I tap "Publish Content" on my TikTok deliverable
    And I join the campaign, agreeing to TikTok's terms
    And I post my draft with the approved description
    And I add the video as final content with a supporting asset and a note
    And I submit my content, confirming the offer's terms
    Then Flex shows my content as submitted

  @desktop @mobile_only
  Scenario: On a computer the offer asks to be opened on a phone
    Given I am signed in to Flex on my computer
    When I open the offer
    Then I am asked to open the offer on a mobile device instead
