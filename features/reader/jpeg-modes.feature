Feature: JPEG modes
  Cameras, photo libraries and converters write JPEG modes that sharp does not: other chroma
  subsamplings, arithmetic coding, Adobe CMYK and YCCK, EXIF orientation. The pixels are compared
  with the kit's decode within the decoder tolerance; CMYK colours, which depend on the decoder's
  colour management, within the looser CMYK tolerance of what was encoded (docs/tolerances.md).

  Background:
    Given the target under test
    And a fresh segment id

  @RD-DEC-01
  Scenario Outline: a <mode> JPEG decodes close to the encoded frame
    Given a "<mode>" JPEG of <size> stored under it
    When it is read with a meta for its own size
    Then the pixels are close to the encoded frame

    Examples:
      | mode                   | size  |
      | 4:2:2                  | 17x9  |
      | 4:4:0                  | 9x17  |
      | 4:1:1                  | 33x8  |
      | 4:1:1                  | 1x1   |
      | arithmetic             | 15x15 |
      | arithmetic-progressive | 16x7  |

  @RD-DEC-01 @property
  Scenario: any JPEG in a mode sharp does not write decodes close to the encoded frame
    Given any case from generator "jpeg-mode"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result is close to its encoded frame

  @RD-DEC-03
  Scenario Outline: an <mode> JPEG decodes to RGB close to its colours, or is refused
    Given a "<mode>" JPEG of 12x8 stored under it
    When it is read with a meta for its own size
    Then the colours are close to the encoded CMYK frame, or the result is the zero fallback

    Examples:
      | mode       |
      | adobe-cmyk |
      | adobe-ycck |

  @RD-DEC-03 @property
  Scenario: any Adobe CMYK or YCCK JPEG decodes to RGB close to its colours, or is refused
    Given any case from generator "cmyk-jpeg-mode"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result is the zero fallback or close in colour to its encoded CMYK frame

  @RD-DEC-04
  Scenario Outline: a JPEG with EXIF orientation <o> follows the selected reading of RD-DEC-04
    Given a "orientation-<o>" JPEG of 8x8 stored under it
    When it is read with a meta for its own size
    Then the result follows the selected reading of RD-DEC-04

    Examples:
      | o |
      | 1 |
      | 2 |
      | 3 |
      | 4 |
      | 5 |
      | 6 |
      | 7 |
      | 8 |

  @RD-DEC-04 @property
  Scenario: any EXIF orientation follows the selected reading of RD-DEC-04
    Given any case from generator "jpeg-orientation"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result follows the selected reading of RD-DEC-04
