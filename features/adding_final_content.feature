@e2e @final_content
Feature: Adding final content in Flex
  After posting I hand the video to the marketer: "+Add Final Content", pick the video in
  the pop-up, "Continue", add supporting assets and notes, "Add Content".

  Scenario: The pop-up offers the video I just posted
    Given I have posted my draft for the campaign
    When I tap "+Add Final Content" on my TikTok deliverable
    Then the pop-up shows the video I posted

  @visual
  Scenario: I add my video with a supporting asset and a note
    Given I have posted my draft for the campaign
    When I tap "+Add Final Content" on my TikTok deliverable
    And I pick my video and tap "Continue"
    And I attach a metrics screenshot and a note for the marketer
    And I tap "Add Content"
    Then my TikTok deliverable holds the video

  @unhappy
  Scenario: Nothing to add before I have published on TikTok
    Given I am signed in to Flex on my phone
    When I tap "+Add Final Content" on my TikTok deliverable
    Then the pop-up tells me nothing is published yet

  @unhappy
  Scenario: A file that is not a supported asset is refused without losing my note
    Given I have posted my draft for the campaign
    When I tap "+Add Final Content" on my TikTok deliverable
    And I pick my video and tap "Continue"
    And I attach a file that is not a supported asset, with a note
    And I tap "Add Content"
    Then Flex refuses the file and keeps my note
