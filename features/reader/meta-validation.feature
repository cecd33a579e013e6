Feature: Meta validation
  The reader gets width and height from image_meta and from nothing else. Bad values give
  none (or, on the development side, a zero fallback), never an exception; a minimal meta is
  enough. Sizes are written width x height.

  Background:
    Given the target under test
    And a fresh segment id
    And an RGB array of 4x3 stored under it

  @RD-META-01
  Scenario Outline: missing, zero or negative width or height gives none or zeros
    When it is read with meta <meta>
    Then the result follows the selected reading of RD-META-01

    Examples:
      | meta                                 |
      | {"height": 3}                        |
      | {"width": 4}                         |
      | {}                                   |
      | {"width": 0, "height": 3}            |
      | {"width": 4, "height": 0}            |
      | {"width": -4, "height": 3}           |
      | {"width": 4, "height": -1}           |
      | {"width": 0, "height": 0}            |

  @RD-META-02
  Scenario Outline: a width or height that is not an integer gives none or zeros
    When it is read with meta <meta>
    Then the result follows the selected reading of RD-META-02

    Examples:
      | meta                                  |
      | {"width": 4.5, "height": 3}           |
      | {"width": 4, "height": 0.5}           |
      | {"width": "four", "height": 3}        |
      | {"width": "", "height": 3}            |
      | {"width": true, "height": 3}          |
      | {"width": 4, "height": false}         |
      | {"width": null, "height": 3}          |
      | {"width": [4], "height": 3}           |
      | {"width": {"v": 4}, "height": 3}      |

  @RD-META-02
  Scenario Outline: a meta that is not an object gives none or zeros
    When it is read with meta <meta>
    Then the result follows the selected reading of RD-META-02

    Examples:
      | meta    |
      | null    |
      | []      |
      | "4x3"   |
      | 12      |

  @RD-META-03
  Scenario Outline: numeric strings for width or height
    When it is read with meta <meta>
    Then the result follows the selected reading of RD-META-03

    Examples:
      | meta                             |
      | {"width": "4", "height": 3}      |
      | {"width": 4, "height": "3"}      |
      | {"width": "4", "height": "3"}    |

  @RD-META-01
  Scenario: a zero width read in another process gives none or zeros too
    When it is read from another process with a meta for 0x3
    Then the result follows the selected reading of RD-META-01

  @RD-META-01 @RD-META-02 @property
  Scenario: any invalid width or height gives none or zeros
    Given any case from generator "invalid-meta"
    When each case is read as meta of the stored frame
    Then every result follows its meta kind

  @RD-META-04
  Scenario Outline: a minimal meta, with or without extra keys, reads the frame
    When it is read with meta <meta>
    Then the pixels equal the stored array

    Examples:
      | meta                                                                                           |
      | {"width": 4, "height": 3}                                                                      |
      | {"width": 4, "height": 3, "timestamp_ms": 1714032000123, "camera_id": "cam-01"}                |
      | {"width": 4, "height": 3, "timestamp_ms": 1714032000123, "camera_id": "cam-01", "exposure": 9} |
      | {"width": 4, "height": 3, "camera_id": "", "nested": {"a": [1, 2]}}                            |
