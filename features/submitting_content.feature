@e2e @submitting
Feature: Submitting the content to the marketer
  "After you have uploaded final content for all of your deliverables, check the box
  confirming your understanding of the terms and then select Submit Content."

  Scenario: With final content added and the terms confirmed, I submit
    Given I have posted my draft for the campaign
    When I add the video as final content with a supporting asset and a note
    And I submit my content, confirming the offer's terms
    Then Flex shows my content as submitted

  @unhappy
  Scenario: Submitting waits for me to confirm the terms
    Given I have posted my draft for the campaign
    When I add the video as final content with a supporting asset and a note
    Then I cannot submit my content without confirming the offer's terms

  @unhappy
  Scenario: Submitting waits until every deliverable has final content
    Given the offer has two TikTok deliverables
    And I have posted my draft for the campaign
    When I add the video as final content with a supporting asset and a note
    Then I cannot submit until every deliverable has final content
