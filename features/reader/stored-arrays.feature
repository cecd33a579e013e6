Feature: Stored arrays and the result's shape
  Arrays written with write_image_array_to_shared_memory come back as H x W x 3 uint8 RGB.
  Sizes are written width x height; array shapes are numpy shapes [H, W, ...].

  Background:
    Given the target under test
    And a fresh segment id

  @RD-ARR-01
  Scenario Outline: an RGB uint8 array reads back unchanged
    Given an RGB array of <size> stored under it
    When it is read with meta <meta>
    Then the pixels equal the stored array

    Examples:
      | size  | meta                                                                          |
      | 1x1   | {"width": 1, "height": 1}                                                     |
      | 7x5   | {"width": 7, "height": 5, "timestamp_ms": 1, "camera_id": "c"}                |
      | 16x9  | {"width": 16, "height": 9, "color_space": "RGB"}                              |
      | 33x1  | {"width": 33, "height": 1, "timestamp_ms": 1714032000123, "camera_id": "c"}   |

  @RD-ARR-01 @property
  Scenario: any RGB array reads back unchanged
    Given any case from generator "rgb-array"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result equals its stored array

  @RD-ARR-02
  Scenario Outline: gray arrays expand to three equal channels
    Given an array of dtype uint8 and shape <shape> stored under it
    When it is read with a meta for its own size
    Then every channel equals the gray values

    Examples:
      | shape     |
      | [3, 4]    |
      | [3, 4, 1] |
      | [1, 1]    |
      | [9, 1, 1] |

  @RD-ARR-02 @property
  Scenario: any gray array expands to three equal channels
    Given any case from generator "gray-array"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result is the gray values in three channels

  @RD-ARR-03
  Scenario Outline: unsupported array shapes give the zero fallback or an RGB image
    Given an array of dtype uint8 and shape <shape> stored under it
    When it is read with meta {"width": 4, "height": 3}
    Then the result follows the selected reading of RD-ARR-03

    Examples:
      | shape        |
      | [3, 4, 2]    |
      | [3, 4, 4]    |
      | [12]         |
      | [1, 3, 4, 3] |
      | [3, 4, 3, 1] |

  @RD-ARR-03 @RD-ARR-04 @property
  Scenario: any unsupported array follows the selected reading of RD-ARR-03, a non-uint8 one that of RD-ARR-04
    Given any case from generator "unsupported-array"
    When each case is stored under a fresh id and read with a meta for its nominal size
    Then every result is the zero fallback

  @RD-ARR-04
  Scenario Outline: non-uint8 arrays
    Given an array of dtype <dtype> and shape [3, 4, 3] stored under it
    When it is read with meta {"width": 4, "height": 3}
    Then the result follows the selected reading of RD-ARR-04

    Examples:
      | dtype   |
      | uint16  |
      | int16   |
      | int8    |
      | float32 |
      | float64 |
      | bool    |
      | int32   |

  @RD-SHAPE-01 @property
  Scenario: whatever is stored, a non-none result is H x W x 3 uint8
    Given any case from generator "any-stored-content"
    When each case is stored under a fresh id and read with a meta for its nominal size
    Then every result is none or an H x W x 3 uint8 image

  @RD-SHAPE-02
  Scenario Outline: stored data whose size disagrees with meta
    Given an RGB array of 6x4 stored under it
    When it is read with meta <meta>
    Then the result follows the selected reading of RD-SHAPE-02

    Examples:
      | meta                         |
      | {"width": 4, "height": 6}    |
      | {"width": 3, "height": 2}    |
      | {"width": 12, "height": 8}   |
      | {"width": 6, "height": 5}    |

  @RD-SHAPE-02
  Scenario Outline: a JPEG whose size disagrees with meta
    Given a "baseline" JPEG of 16x8 stored under it
    When it is read with meta <meta>
    Then the result follows the selected reading of RD-SHAPE-02

    Examples:
      | meta                         |
      | {"width": 8, "height": 16}   |
      | {"width": 17, "height": 8}   |
