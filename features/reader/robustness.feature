Feature: Robustness
  For every input whatsoever a read returns none or an H x W x 3 uint8 array: no exception,
  no hang, no unbounded memory.

  Background:
    Given the target under test

  @RD-ROBUST-01 @property
  Scenario: any id, meta and stored content
    Given any case from generator "hostile-read"
    When each case is stored and read as generated
    Then every result is none or an H x W x 3 uint8 image

  @RD-ROBUST-02
  Scenario: a decompression bomb is answered quickly
    Given a fresh segment id
    And a JPEG whose header claims 65500x65500 stored under it
    When it is read with meta {"width": 64, "height": 64}
    Then the read finished within the read deadline
    And the result follows the selected reading of RD-SHAPE-02

  @RD-ROBUST-03
  Scenario Outline: huge meta dimensions
    Given a fresh segment id
    And nothing stored under it
    When it is read with meta <meta>
    Then the read finished within the read deadline
    And the result follows the selected reading of RD-ROBUST-03

    Examples:
      | meta                                        |
      | {"width": 2147483648, "height": 2147483648} |
      | {"width": 1000000000000, "height": 1}       |
      | {"width": 1, "height": 1000000000000}       |
