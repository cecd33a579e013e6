Feature: The Runner frees every segment, whatever the algorithm did, and never too early
  The cleanup deadline is a kit parameter (--cleanup-deadline-ms, default 1000 ms), counted
  from the moment the Runner reports the step's outcome; the sources state none.

  @WR-CLEAN-01
  Scenario Outline: Segments are gone after the answer <answer> (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    And the algorithm's next answer is "<answer>"
    When the Runner runs a step with 64x48 camera frames
    Then no segment of the step remained after the cleanup deadline

    Examples:
      | generation | transport | answer       |
      | v1         | fs        | OK           |
      | v1         | fs        | NG           |
      | v1         | posix     | OK           |
      | v1         | posix     | NG           |
      | v2         | fs        | OK           |
      | v2         | fs        | NG           |
      | v2         | posix     | OK           |
      | v2         | posix     | NG           |

  @WR-CLEAN-02
  Scenario Outline: Segments are gone after the failure <answer> (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    And the algorithm's next answer is "<answer>"
    When the Runner runs a step with 64x48 camera frames
    Then no segment of the step remained after the cleanup deadline

    Examples:
      | generation | transport | answer       |
      | v1         | fs        | ERROR result |
      | v1         | fs        | error frame  |
      | v1         | posix     | ERROR result |
      | v1         | posix     | error frame  |
      | v2         | fs        | ERROR result |
      | v2         | fs        | error frame  |
      | v2         | posix     | ERROR result |
      | v2         | posix     | error frame  |

  @WR-CLEAN-03
  Scenario Outline: Segments are gone when the algorithm's <answer> ends the call (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport with an execute timeout of 1000 ms
    And the algorithm's next answer is "<answer>"
    When the Runner runs a step with 64x48 camera frames
    Then no segment of the step remained after the cleanup deadline

    Examples:
      | generation | transport | answer       |
      | v1         | fs        | crash        |
      | v1         | fs        | hang         |
      | v1         | fs        | junk         |
      | v1         | posix     | crash        |
      | v1         | posix     | hang         |
      | v1         | posix     | junk         |
      | v2         | fs        | crash        |
      | v2         | fs        | hang         |
      | v2         | fs        | junk         |
      | v2         | posix     | crash        |
      | v2         | posix     | hang         |
      | v2         | posix     | junk         |

  @WR-CLEAN-04
  Scenario Outline: Segments stay while the algorithm takes its time (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    And the algorithm's next answer is "OK" after 300 ms
    When the Runner runs a step with 64x48 camera frames
    Then every segment was still there, unchanged, when the algorithm answered

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |
