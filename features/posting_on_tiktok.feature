@e2e @posting
Feature: Posting the video on TikTok
  Once I tap "Post", TikTok processes the video and publishes it.

  Scenario: My post is published right away
    Given I have joined the campaign from my offer
    When I post my draft with the approved description
    Then my post is published on TikTok

  Scenario: A post that takes a while to process is published when TikTok is done
    Given TikTok takes 5 minutes to process a post
    And I have joined the campaign from my offer
    When I post my draft with the approved description
    Then my post is still processing
    When TikTok finishes processing it
    Then my post is published on TikTok

  @unhappy
  Scenario: TikTok refuses my post as spam and there is nothing to hand in
    Given TikTok treats my account as posting too much
    And I have joined the campaign from my offer
    When I post my draft with the approved description
    Then TikTok tells me my post failed because I posted too much
    When I tap "+Add Final Content" on my TikTok deliverable
    Then the pop-up tells me nothing is published yet
