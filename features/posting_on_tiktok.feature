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
