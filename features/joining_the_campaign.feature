@e2e @joining
Feature: Joining the TikTok campaign
  "Publish Content" takes me to the campaign in TikTok. To take part I tick the box
  agreeing to TikTok's terms and conditions and join; the brand then accepts me.

  Scenario: Publish Content opens the campaign in TikTok for my invited account
    Given I am signed in to Flex on my phone
    When I tap "Publish Content" on my TikTok deliverable
    Then TikTok shows the campaign for my invited account

  Scenario: Agreeing to the terms and joining gets me accepted
    Given I am signed in to Flex on my phone
    When I tap "Publish Content" on my TikTok deliverable
    And I join the campaign, agreeing to TikTok's terms
    Then I am accepted into the campaign

  @unhappy
  Scenario: I cannot join without agreeing to TikTok's terms
    Given I am signed in to Flex on my phone
    When I tap "Publish Content" on my TikTok deliverable
    And I try to join the campaign without agreeing to TikTok's terms
    Then I have not joined the campaign
    And I can join once I agree to TikTok's terms

  Scenario: The brand reviews me before I can upload
    Given the brand reviews new members by hand
    And I am signed in to Flex on my phone
    When I tap "Publish Content" on my TikTok deliverable
    And I join the campaign, agreeing to TikTok's terms
    Then I am waiting for the brand to accept me
    When the brand accepts me
    Then I am accepted into the campaign

  @unhappy
  Scenario: The brand turns me down
    Given the brand reviews new members by hand
    And I am signed in to Flex on my phone
    When I tap "Publish Content" on my TikTok deliverable
    And I join the campaign, agreeing to TikTok's terms
    And the brand turns me down
    Then I am told the brand did not accept me

  @unhappy
  Scenario: With several accounts I switch to the invited profile before joining
    Given my phone is signed in to my other TikTok account
    And I am signed in to Flex on my phone
    When I tap "Publish Content" on my TikTok deliverable
    Then TikTok tells me which of my accounts was invited
    When I switch to the invited account
    And I join the campaign, agreeing to TikTok's terms
    Then I am accepted into the campaign
