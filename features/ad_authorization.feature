@e2e @ad_authorization
Feature: Letting the brand use my video in ads
  Publishing through the Creator Marketplace authorizes marketers to use the video in their
  ads: TikTok gives the campaign a code with the post. When that code has run out I can turn
  ad authorization on again on my post in TikTok, for 7, 30, 60 or 365 days, and the
  marketer sees the new code in Flex.

  Scenario: I turn ad authorization on again for 60 days and the marketer sees the new code
    Given I have posted my draft for the campaign and submitted it in Flex
    And the ad authorization the campaign asked for has run out
    When I turn on ad authorization for 60 days on my post in TikTok
    Then TikTok gives me an ad authorization code valid for 60 days
    When the marketer opens the offer
    Then the marketer sees my new ad authorization code and until when it is valid

  @unhappy
  Scenario: The ad authorization runs out and the marketer sees the code as expired
    Given I have posted my draft for the campaign and submitted it in Flex
    And the ad authorization the campaign asked for has run out
    When the marketer opens the offer
    Then the marketer sees that the ad authorization code has expired
