@e2e @uploading
Feature: Choosing the video to upload for the campaign
  After I am accepted I upload one piece of content at a time: "Upload video", then one of
  "Record Video", "Upload from drafts" or "Link existing post". The guide's way is a draft.

  Scenario: Upload video offers three ways to add my content
    Given I have joined the campaign from my offer
    When I tap "Upload video"
    Then I can record a video, upload from drafts or link an existing post

  Scenario: Upload from drafts shows only the drafts of the invited account
    Given I have joined the campaign from my offer
    When I tap "Upload video"
    And I choose "Upload from drafts"
    Then I see my drafts and not those of my other account

  @visual
  Scenario: Picking a draft brings me to the description
    Given I have joined the campaign from my offer
    When I tap "Upload video"
    And I choose "Upload from drafts"
    And I pick my draft and tap "Next"
    Then I am asked for the description with the campaign's required elements

  Scenario: Recording a new video also brings me to the description
    Given I have joined the campaign from my offer
    When I tap "Upload video"
    And I choose "Record Video"
    Then I am asked for the description with the campaign's required elements

  Scenario: Linking a post I already published brings it into the campaign
    Given I have already published a video about the product on my TikTok
    And I have joined the campaign from my offer
    When I tap "Upload video"
    And I choose "Link existing post"
    And I pick my published post and tap "Link post"
    Then my post counts for the campaign on TikTok
    And Flex offers my linked post when I add final content

  @unhappy
  Scenario: With nothing published yet there is no post to link
    Given I have joined the campaign from my offer
    When I tap "Upload video"
    And I choose "Link existing post"
    Then TikTok tells me I have no published post to link
