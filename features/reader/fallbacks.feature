Feature: Fallbacks
  A missing segment or undecodable bytes give a zero-filled H x W x 3 uint8 array sized by
  meta, so the algorithm always gets an array it can inspect. For a missing segment the seed
  also lists none as a symptom; the profile's reading of RD-FALL-01 decides.

  Background:
    Given the target under test
    And a fresh segment id

  @RD-FALL-01
  Scenario Outline: a missing segment gives zeros of meta's size, or none
    Given nothing stored under it
    When it is read with meta <meta>
    Then the result follows the selected reading of RD-FALL-01

    Examples:
      | meta                                                                |
      | {"width": 4, "height": 3}                                           |
      | {"width": 1, "height": 1, "timestamp_ms": 1, "camera_id": "c"}      |
      | {"width": 1920, "height": 1200, "color_space": "BGR"}               |

  @RD-FALL-01 @property
  Scenario: any id never written gives zeros of meta's size, or none
    Given any case from generator "odd-id"
    When each case is read as an id that was never written
    Then every result is the zero fallback

  @RD-FALL-02
  Scenario Outline: undecodable bytes give the zero fallback
    Given the bytes <bytes> stored under it
    When it is read with meta {"width": 8, "height": 8}
    Then the result is all zeros of 8x8

    Examples:
      | bytes                         |
      | ""                            |
      | "garbage"                     |
      | "\u00ff\u00d8"                |
      | "\u0089PNG\u000d\u000a\u001a\u000a" |
      | "\u00ff\u00d8\u00ff\u00e0"    |

  @RD-FALL-02 @property
  Scenario: any certainly undecodable bytes give the zero fallback
    Given any case from generator "undecodable-bytes"
    When each case is stored under a fresh id and read with a meta for its nominal size
    Then every result is the zero fallback

  @RD-FALL-03 @property
  Scenario: damaged JPEGs give zeros or an image, never an exception
    Given any case from generator "maybe-decodable-bytes"
    When each case is stored under a fresh id and read with a meta for its nominal size
    Then every result is the zero fallback or an image of its nominal size
