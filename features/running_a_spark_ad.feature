@e2e @spark_ads
Feature: The marketer runs the creator's video as a Spark Ad
  Publishing through the Creator Marketplace "authorizes marketers to use your video in their
  ads". As the marketer, I run the video the creator submitted as a Spark Ad from the offer,
  with a total budget and a number of days, and follow what the ad buys next to the video's
  own numbers. When the creator's authorization ends, I am told the ad stopped and why.

  Scenario: I run the submitted video as a Spark Ad and see what it buys
    Given the creator has submitted their TikTok video for my offer
    When I run the video as a Spark Ad with a budget of $300 for 7 days
    Then I see my Spark Ad delivering with a budget of $300 for 7 days
    When a day goes by
    Then I see the ad's paid views and spend grow next to the video's own views

  @desktop
  Scenario: On my computer I run the Spark Ad and follow it
    Given the creator has submitted their TikTok video for my offer
    When I run the video as a Spark Ad with a budget of $300 for 7 days
    Then I see my Spark Ad delivering with a budget of $300 for 7 days
    When a day goes by
    Then I see the ad's paid views and spend grow next to the video's own views

  @unhappy
  Scenario: A budget under TikTok's daily minimum is refused and what I typed stays
    Given the creator has submitted their TikTok video for my offer
    When I run the video as a Spark Ad with a budget of $50 for 7 days
    Then I am told "TikTok needs at least $20 a day" and my budget of $50 and 7 days are kept

  @unhappy
  Scenario: The creator turns off ad authorization and I am told my ad stopped
    Given the creator has submitted their TikTok video for my offer
    And I run the video as a Spark Ad with a budget of $300 for 7 days
    When the creator turns off ad authorization for the video on TikTok
    Then I am told the creator turned off ad authorization and my Spark Ad stopped

  @unhappy
  Scenario: The ad authorization code runs out before the ad ends and I am told it stopped
    Given the creator has submitted their TikTok video for my offer
    When I run the video as a Spark Ad for longer than the creator's ad authorization lasts
    And the creator's ad authorization runs out
    Then I am told the ad authorization code expired and my Spark Ad stopped
