Feature: image_meta is the minimal, truthful description of the segment

  @WR-META-01
  Scenario Outline: width and height are the encoded image's own size (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 75x33 camera frames
    Then every meta had integer width and height equal to the encoded image's size

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |

  @WR-META-02
  Scenario Outline: timestamp_ms is integer milliseconds inside the step (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 32x24 camera frames
    Then every meta had an integer timestamp_ms within the step's time window

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |

  @WR-META-03
  Scenario Outline: camera_id is a non-empty string (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 32x24 camera frames
    Then every meta had a non-empty camera_id

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |

  @WR-META-04
  Scenario Outline: color_space, when present, names the channel order (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 32x24 camera frames
    Then every meta's color_space was absent or allowed by the profile

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |

  @WR-META-05
  Scenario Outline: meta carries the minimal set only (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 32x24 camera frames
    Then no meta carried keys beyond the minimal set

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |
