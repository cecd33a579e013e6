Feature: Segment ids are unique per image and per call

  @WR-ID-01
  Scenario Outline: cur and guide are different segments (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 48x32 camera frames
    Then the images of every call had distinct segment ids
    And the decoded pixels matched the camera frames in the channel order meta declares

    Examples:
      | generation | transport |
      | v2         | fs        |
      | v2         | posix     |

  @WR-ID-02
  Scenario Outline: No id comes back in a later call (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport with an execute timeout of 1000 ms
    When the Runner runs 6 steps with 16x16 camera frames, the algorithm answering in turn "OK,NG,ERROR result,error frame,crash,OK"
    Then no segment id was used in two calls

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |

  @WR-ID-03
  Scenario Outline: no two live ids share a file name under the fs layout (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport
    When the Runner runs a step with 48x32 camera frames
    Then no two live segment ids shared a file name under the fs layout

    Examples:
      | generation | transport |
      | v2         | fs        |
