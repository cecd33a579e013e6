Feature: Arrays as camera code holds them
  Camera code hands the array write more than dense, C-ordered, little-endian buffers: a
  BGR-to-RGB flip a[..., ::-1], a strided crop a[::2, 1::2], a transpose, a broadcast, a
  read-only array, a Fortran-ordered or big-endian buffer. The memory differs, the values do not:
  a read gives what the same values stored densely give. A layout is C or F order, little or big
  byte order and at most one view, joined by "+" (docs/adapter-protocol.md, "Array layouts").
  An adapter that cannot hold an array so answers skipped, and the scenario is skipped.

  Background:
    Given the target under test
    And a fresh segment id

  @RD-ARR-01
  Scenario Outline: an RGB array held in another layout reads back unchanged
    Given an array of dtype uint8 and shape [5, 7, 3] held as "<layout>" stored under it
    When it is read with a meta for its own size
    Then the pixels equal the stored array

    Examples:
      | layout          |
      | F               |
      | flip-channels   |
      | strided-crop    |
      | transpose       |
      | broadcast       |
      | read-only       |
      | F+flip-channels |
      | F+strided-crop  |

  @RD-ARR-01
  Scenario Outline: an RGB array held in another layout and written to files reads back unchanged
    Given an array of dtype uint8 and shape [5, 7, 3] held as "<layout>" stored under it through the "fs" transport
    When it is read with a meta for its own size
    Then the pixels equal the stored array

    Examples:
      | layout        |
      | F             |
      | flip-channels |
      | transpose     |
      | broadcast     |

  @RD-ARR-02
  Scenario Outline: a gray array held in another layout expands to three equal channels
    Given an array of dtype uint8 and shape <shape> held as "<layout>" stored under it
    When it is read with a meta for its own size
    Then every channel equals the gray values

    Examples:
      | shape     | layout        |
      | [5, 7]    | F             |
      | [5, 7]    | transpose     |
      | [5, 7, 1] | strided-crop  |
      | [5, 7]    | flip-channels |
      | [5, 7]    | broadcast     |
      | [5, 7, 1] | read-only     |

  @RD-ARR-02
  Scenario Outline: a gray array held in another layout and written to files expands to three equal channels
    Given an array of dtype uint8 and shape <shape> held as "<layout>" stored under it through the "fs" transport
    When it is read with a meta for its own size
    Then every channel equals the gray values

    Examples:
      | shape     | layout       |
      | [5, 7]    | F            |
      | [5, 7]    | transpose    |
      | [5, 7, 1] | strided-crop |

  @RD-ARR-04
  Scenario Outline: a non-uint8 array held in another byte order or layout
    Given an array of dtype <dtype> and shape [5, 7, 3] held as "<layout>" stored under it
    When it is read with a meta for its own size
    Then the result follows the selected reading of RD-ARR-04

    Examples:
      | dtype   | layout            |
      | uint16  | big               |
      | float32 | big               |
      | int16   | F+big             |
      | float64 | big+flip-channels |
      | uint16  | strided-crop      |
      | int32   | big+transpose     |
      | uint16  | F                 |

  @RD-ARR-04
  Scenario Outline: a non-uint8 array held in another byte order or layout and written to files
    Given an array of dtype <dtype> and shape [5, 7, 3] held as "<layout>" stored under it through the "fs" transport
    When it is read with a meta for its own size
    Then the result follows the selected reading of RD-ARR-04

    Examples:
      | dtype   | layout           |
      | uint16  | big              |
      | float32 | F+big            |
      | int16   | big+strided-crop |
      | uint16  | F                |

  @RD-ARR-03
  Scenario Outline: an unsupported array shape held in another layout
    Given an array of dtype <dtype> and shape <shape> held as "<layout>" stored under it
    When it is read with meta {"width": 7, "height": 5}
    Then the result follows the selected reading of RD-ARR-03

    Examples:
      | dtype  | shape        | layout        |
      | uint8  | [5, 7, 4]    | flip-channels |
      | uint8  | [5, 7, 4]    | F             |
      | uint8  | [5, 7, 2]    | strided-crop  |
      | uint8  | [5, 1, 7, 3] | transpose     |
      | uint16 | [5, 7, 4]    | big           |

  @RD-SHAPE-02
  Scenario Outline: an empty array held in another layout is stored data of another size
    Given an array of dtype uint8 and shape <shape> held as "<layout>" stored under it
    When it is read with meta {"width": 7, "height": 5}
    Then the result follows the selected reading of RD-SHAPE-02

    Examples:
      | shape     | layout        |
      | [0, 7, 3] | F             |
      | [5, 0, 3] | flip-channels |
      | [0, 7]    | transpose     |

  @RD-ARR-01 @RD-ARR-02 @RD-ARR-03 @RD-ARR-04 @property
  Scenario: any array held in any layout reads as the same values stored densely
    Given any case from generator "array-layout"
    When each case is stored under a fresh id and read with a meta for its own size
    Then every result is the array its layout holds
