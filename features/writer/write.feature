Feature: Segments are written before the call
  The probe reads every referenced segment the moment the call arrives, and again before it
  answers, so a segment still being written shows up as missing or changing bytes.

  @WR-WRITE-01
  Scenario Outline: Every segment is complete when the call arrives (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    And the algorithm's next answer is "OK" after 200 ms
    When the Runner runs a step with 640x480 camera frames
    Then every referenced segment existed with all its bytes when the call arrived

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |
