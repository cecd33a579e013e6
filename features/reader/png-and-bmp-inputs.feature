Feature: PNG and BMP in every mode
  A reader that decodes non-JPEG bytes meets PNG in every colour type and bit depth and BMP in
  every bit depth and compression. Whatever the selected reading of RD-ENC-01, the result is
  H x W x 3 uint8; a decode must be faithful: 16-bit samples scaled to 8 bits, low-bit gray
  stretched to 0..255, palettes expanded, alpha (and tRNS) dropped or composited on black or
  white. Expectations and tolerances: docs/tolerances.md, "PNG and BMP modes".

  Background:
    Given the target under test
    And a fresh segment id

  @RD-ENC-01
  Scenario Outline: a PNG of any colour type and bit depth is refused or decoded faithfully
    Given a "<class>" image of 9x6 stored under it
    When it is read with a meta for its own size
    Then the result follows the selected reading of RD-ENC-01

    Examples:
      | class                 |
      | png-gray1             |
      | png-gray2             |
      | png-gray4             |
      | png-gray8             |
      | png-gray16            |
      | png-rgb8              |
      | png-rgb16             |
      | png-palette1          |
      | png-palette2          |
      | png-palette4          |
      | png-palette8          |
      | png-palette1-trns     |
      | png-palette2-trns     |
      | png-palette4-trns     |
      | png-palette8-trns     |
      | png-gray-alpha8       |
      | png-gray-alpha16      |
      | png-rgba8             |
      | png-rgba16            |
      | png-gray8-adam7       |
      | png-gray16-adam7      |
      | png-rgb16-adam7       |
      | png-gray-alpha8-adam7 |
      | png-rgba16-adam7      |

  @RD-ENC-01 @property
  Scenario: any PNG mode is refused or decoded faithfully
    Given any case from generator "png-mode"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result follows the selected reading of RD-ENC-01

  @RD-ENC-01
  Scenario Outline: a BMP of any bit depth or compression is refused or decoded faithfully
    Given a "<class>" image of <size> stored under it
    When it is read with a meta for its own size
    Then the result follows the selected reading of RD-ENC-01

    # RLE8 widths are multiples of 4: generators/bmpModes.ts says why.
    Examples:
      | class           | size |
      | bmp-1bit        | 9x6  |
      | bmp-4bit        | 9x6  |
      | bmp-8bit        | 9x6  |
      | bmp-24bit       | 9x6  |
      | bmp-32bit-alpha | 9x6  |
      | bmp-rle8        | 8x6  |

  @RD-ENC-01 @property
  Scenario: any BMP mode is refused or decoded faithfully
    Given any case from generator "bmp-mode"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result follows the selected reading of RD-ENC-01

  # The shape rule on the modes whose decoders most often hand back something else: an alpha
  # channel (H x W x 2 or 4) or 16-bit samples (uint16). The shape properties draw every mode too.
  @RD-SHAPE-01
  Scenario Outline: a PNG or BMP with alpha or 16-bit samples still reads as H x W x 3 uint8
    Given a "<class>" image of 9x6 stored under it
    When it is read with a meta for its own size
    Then the result is none or an H x W x 3 uint8 image

    Examples:
      | class             |
      | png-gray16        |
      | png-rgb16         |
      | png-palette8-trns |
      | png-gray-alpha8   |
      | png-gray-alpha16  |
      | png-rgba8         |
      | png-rgba16        |
      | bmp-32bit-alpha   |
