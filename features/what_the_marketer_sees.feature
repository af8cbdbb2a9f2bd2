@e2e @marketer
Feature: What the marketer sees
  Publishing through the Creator Marketplace gives marketers metrics about the video and
  authorizes them to use it in their ads.

  Scenario: The marketer sees my video, its metrics, my note and the ad authorization
    Given I have posted my draft for the campaign and submitted it in Flex
    When the marketer opens the offer
    Then the marketer sees my video with its views and likes
    And the marketer sees my note
    And the marketer sees the Spark Ads authorization for the video

  @unhappy
  Scenario: TikTok failing while the marketer looks still shows my video and my note
    Given I have posted my draft for the campaign and submitted it in Flex
    And TikTok stops answering about my video's numbers and ad authorization
    When the marketer opens the offer
    Then the marketer sees my video and a message that TikTok could not be reached
    And the marketer sees my note
