@e2e @description
Feature: The approved description and the required elements
  "Add your approved description and any other required elements to your post."

  Scenario: The approved description carries every required element
    Given I have joined the campaign from my offer
    When I tap "Upload video"
    And I choose "Upload from drafts"
    And I pick my draft and tap "Next"
    And I enter the approved description and tap "Post"
    Then my post is published on TikTok

  @unhappy
  Scenario: A description without the brand's mention is not posted
    Given I have joined the campaign from my offer
    When I tap "Upload video"
    And I choose "Upload from drafts"
    And I pick my draft and tap "Next"
    And I post a description that leaves out the brand's mention
    Then TikTok names the missing mention and keeps what I wrote
