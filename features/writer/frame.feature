Feature: The call frame matches its generation and carries no image bytes
  v1 has two documented call shapes (runner_spec.md: top level; spec.md 3.6: payload):
  the profile's reading of WR-FRAME-01 says which one a Runner must send.

  @WR-FRAME-01
  Scenario Outline: The call matches the generation's call schema (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 32x24 camera frames
    Then every call frame matched its generation's call schema

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |

  @WR-FRAME-02
  Scenario Outline: No image bytes inside the JSON, even for a large frame (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 1280x960 camera frames
    Then no call frame carried image bytes in its JSON

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |
