@e2e @tiktok_trouble @unhappy
Feature: When TikTok is slow, failing or rate-limiting
  Flex talks to TikTok for the invite link and the list of my videos. When TikTok has a bad
  moment, Flex says so plainly and nothing I did is lost.

  Scenario: A single rate limit is retried without bothering me
    Given I have posted my draft for the campaign
    And TikTok rate-limits Flex once
    When I tap "+Add Final Content" on my TikTok deliverable
    Then the pop-up shows the video I posted

  Scenario: TikTok rate-limits Flex while I add my final content
    Given I have posted my draft for the campaign
    And TikTok keeps rate-limiting Flex
    When I tap "+Add Final Content" on my TikTok deliverable
    Then Flex tells me TikTok could not be reached right now
    When TikTok is back and I try again
    Then the pop-up shows the video I posted

  Scenario: TikTok failing keeps me from publishing but not from my offer
    Given TikTok is failing
    And I am signed in to Flex on my phone
    When I open the offer
    Then Flex tells me TikTok could not be reached and my work is safe

  Scenario: A slow TikTok still shows my video
    Given I have posted my draft for the campaign
    And TikTok is slow to answer
    When I tap "+Add Final Content" on my TikTok deliverable
    Then the pop-up shows the video I posted
