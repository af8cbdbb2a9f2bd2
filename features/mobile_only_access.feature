@e2e @mobile_only
Feature: TikTok deliverables are published from a phone
  The guide: "When publishing a TikTok deliverable, you must access your Flex offer
  from a mobile device."

  Scenario: On a phone the offer lets me publish my TikTok deliverable
    Given I am signed in to Flex on my phone
    When I open the offer
    Then I can publish my TikTok deliverable from here
    And I see the description the marketer approved

  @desktop @unhappy
  Scenario: On a computer there is no way to publish, only a pointer to the phone
    Given I am signed in to Flex on my computer
    When I open the offer
    Then I am asked to open the offer on a mobile device instead
