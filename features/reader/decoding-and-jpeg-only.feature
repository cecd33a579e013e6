Feature: Decoding and JPEG-only
  The platform writes JPEG bytes; the reader decodes them to H x W x 3 uint8 RGB.
  Two correct decoders may differ slightly (IDCT rounding, chroma upsampling): pixels are
  compared with the tolerance derived in docs/tolerances.md, never exactly.

  Background:
    Given the target under test
    And a fresh segment id

  @RD-DEC-01
  Scenario Outline: JPEG variants decode close to the encoded frame
    Given a "<variant>" JPEG of <size> stored under it
    When it is read with a meta for its own size
    Then the pixels are close to the encoded frame

    Examples:
      | variant         | size    |
      | baseline        | 1x1     |
      | baseline        | 17x9    |
      | baseline        | 640x480 |
      | progressive     | 33x17   |
      | 4:4:4           | 15x15   |
      | restart-markers | 40x23   |
      | exif            | 9x16    |
      | baseline        | 4097x3  |
      | progressive     | 2x4097  |

  @RD-DEC-01 @property
  Scenario: any valid JPEG decodes close to the encoded frame
    Given any case from generator "jpeg-variant"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result is close to its encoded frame

  @RD-DEC-01 @property
  Scenario: JPEGs of any odd size decode to that size
    Given any case from generator "odd-size-jpeg"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result is close to its encoded frame

  @RD-DEC-01 @property
  Scenario: large JPEGs, up to 4097 on a side, decode close to the encoded frame
    Given any case from generator "large-jpeg"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result is close to its encoded frame

  @RD-DEC-02
  Scenario Outline: a grayscale JPEG decodes to three equal channels
    Given a "gray" JPEG of <size> stored under it
    When it is read with a meta for its own size
    Then every channel is equal and close to the encoded frame

    Examples:
      | size  |
      | 1x1   |
      | 13x7  |
      | 64x64 |

  @RD-DEC-03
  Scenario: a CMYK JPEG decodes to an RGB array
    Given a "cmyk" JPEG of 12x8 stored under it
    When it is read with a meta for its own size
    Then the result is an image of 12x8

  @RD-ENC-01
  Scenario Outline: non-JPEG encodings are refused or decoded faithfully
    Given a "<encoding>" image of 9x6 stored under it
    When it is read with a meta for its own size
    Then the result follows the selected reading of RD-ENC-01

    Examples:
      | encoding |
      | png      |
      | png16    |
      | png-rgba |
      | gif      |
      | webp     |
      | tiff     |
      | bmp      |

  @RD-ENC-01 @property
  Scenario: any non-JPEG encoding is refused or decoded faithfully
    Given any case from generator "non-jpeg-encoding"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result follows the selected reading of RD-ENC-01
