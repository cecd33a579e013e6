Feature: Protocol basics the segment rules depend on
  The kit starts the Runner with the probe as its algorithm process. The probe sends hello,
  answers ping, and records every frame the Runner writes to it.

  @WR-PROTO-01
  Scenario Outline: The Runner answers hello before its first call (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 32x24 camera frames
    Then the Runner's hello reached the algorithm before any call and within 2 seconds

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |

  @WR-PROTO-02
  Scenario Outline: Everything the Runner writes to the algorithm is frames (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 32x24 camera frames
    And the Runner is stopped
    Then every frame the algorithm received was a length-prefixed JSON object of a known type

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |

  @WR-PROTO-03
  Scenario Outline: Junk on the algorithm's stdout fails the call (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    And the algorithm's next answer is "junk"
    When the Runner runs a step with 32x24 camera frames
    Then the Runner reported a protocol failure rather than a result
    When the Runner runs a step with 32x24 camera frames
    Then that step's call went to a new algorithm process

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |
