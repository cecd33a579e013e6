Feature: color_space
  meta may say the stored data is "RGB" or "BGR"; the reader always answers in RGB.

  Background:
    Given the target under test
    And a fresh segment id

  @RD-CS-01
  Scenario Outline: BGR arrays come back in RGB order
    Given an RGB array of <size> stored under it
    When it is read with its own size and color_space "BGR"
    Then the pixels equal the stored array with channels reversed

    Examples:
      | size |
      | 1x1  |
      | 5x3  |
      | 64x2 |

  @RD-CS-01
  Scenario Outline: RGB or absent color_space leaves arrays as stored
    Given an RGB array of 5x3 stored under it
    When it is read with meta <meta>
    Then the pixels equal the stored array

    Examples:
      | meta                                          |
      | {"width": 5, "height": 3}                     |
      | {"width": 5, "height": 3, "color_space": "RGB"} |

  @RD-CS-01 @property
  Scenario: any RGB array read as BGR comes back reversed
    Given any case from generator "rgb-array"
    When each case is stored under a fresh id and read with its own size and color_space "BGR"
    Then every result equals its stored array with channels reversed

  @RD-ARR-02 @RD-CS-01
  Scenario: a gray array read as BGR stays gray
    Given an array of dtype uint8 and shape [3, 4] stored under it
    When it is read with its own size and color_space "BGR"
    Then every channel equals the gray values

  @RD-CS-02
  Scenario Outline: case variants of BGR
    Given an RGB array of 5x3 stored under it
    When it is read with its own size and color_space <value>
    Then the result follows the selected reading of RD-CS-02

    Examples:
      | value |
      | "bgr" |
      | "Bgr" |
      | "bGR" |

  @RD-CS-03
  Scenario Outline: unknown color_space values read as RGB
    Given an RGB array of 5x3 stored under it
    When it is read with its own size and color_space <value>
    Then the result follows the selected reading of RD-CS-03

    Examples:
      | value   |
      | "sRGB"  |
      | "YUV"   |
      | ""      |
      | null    |
      | 3       |
      | "RGBA"  |
      | " BGR"  |

  @RD-CS-04
  Scenario Outline: BGR on a stored JPEG
    Given a "<variant>" JPEG of 12x7 stored under it
    When it is read with its own size and color_space "BGR"
    Then the result follows the selected reading of RD-CS-04

    Examples:
      | variant     |
      | baseline    |
      | progressive |
