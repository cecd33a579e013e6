Feature: Decoded pixels are the camera frame
  The kit's frames are smooth patterns with distinct channels: a conformant JPEG stays within
  the pixel tolerance, a swapped channel order or another frame's content does not.

  @WR-PIXEL-01
  Scenario Outline: The segment decodes to the frame the Runner was given (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 160x120 camera frames
    Then the decoded pixels matched the camera frames in the channel order meta declares

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |

  @WR-PIXEL-01 @WR-META-01 @WR-JPEG-01
  Scenario Outline: Generated frames of any size and kind survive the trip (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    Then for generated camera frames of odd, gray and large sizes every segment decodes to its frame and meta states its size

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |
