Feature: Segment content is one complete 8-bit JPEG
  v1's Runner spec says JPEG/PNG, v1's SDK spec and the seed say JPEG-only: the profile's
  reading of WR-JPEG-01 decides whether a complete PNG is accepted.

  @WR-JPEG-01
  Scenario Outline: Each segment holds one complete JPEG (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 97x61 camera frames
    Then every segment held one complete image in an encoding the profile allows

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |
