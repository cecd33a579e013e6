Feature: TIFF, GIF and WebP inputs, and mislabelled files
  A reader may refuse non-JPEG bytes (the zero fallback) or decode them; a decode must be
  faithful: the first page or frame, 16-bit samples scaled to 8, CMYK converted with or without
  colour management, float samples brought back to display values, alpha dropped or composited.
  What each class accepts, and why, is in docs/tolerances.md ("TIFF, GIF and WebP").
  Bytes whose first bytes name one format while the body is another decode nowhere: they give
  the zero fallback.

  Background:
    Given the target under test
    And a fresh segment id

  @RD-ENC-01
  Scenario Outline: TIFF, GIF and WebP modes are refused or decoded faithfully
    Given a "<class>" image of 9x6 stored under it
    When it is read with a meta for its own size
    Then the result follows the selected reading of RD-ENC-01

    Examples:
      | class           |
      | tiff-rgb8       |
      | tiff-rgb16      |
      | tiff-cmyk       |
      | tiff-float      |
      | tiff-pages      |
      | gif-animated    |
      | gif-transparent |
      | webp-lossy      |
      | webp-lossless   |
      | webp-alpha      |

  @RD-ENC-01 @property
  Scenario: any TIFF, GIF or WebP mode is refused or decoded faithfully
    Given any case from generator "tiff-gif-webp"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result follows the selected reading of RD-ENC-01

  @RD-SHAPE-01
  Scenario Outline: a mode with a fourth channel or float samples still reads as H x W x 3 uint8
    Given a "<class>" image of 9x6 stored under it
    When it is read with a meta for its own size
    Then the result is none or an H x W x 3 uint8 image

    Examples:
      | class           |
      | tiff-cmyk       |
      | tiff-float      |
      | gif-transparent |
      | webp-alpha      |

  @RD-SHAPE-01 @property
  Scenario: whatever TIFF, GIF or WebP mode is stored, a non-none result is H x W x 3 uint8
    Given any case from generator "tiff-gif-webp"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result is none or an H x W x 3 uint8 image

  @RD-FALL-02
  Scenario Outline: a body under another format's magic gives the zero fallback
    Given a "<class>" image of 9x6 stored under it
    When it is read with a meta for its own size
    Then the result is all zeros of 9x6

    Examples:
      | class             |
      | png-magic-on-jpeg |
      | jpeg-magic-on-png |
      | gif-magic-on-webp |
      | tiff-magic-on-gif |
      | webp-magic-on-png |

  @RD-FALL-02 @property
  Scenario: any body under another format's magic gives the zero fallback
    Given any case from generator "mislabelled-bytes"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result is the zero fallback
