Feature: Ownership, isolation, cleanup and cross-process reads
  The platform owns segments: a read never consumes or changes one, ids never leak into each
  other, a cleared segment is gone from every layer, and another process sees what was written.

  Background:
    Given the target under test
    And a fresh segment id

  @RD-OWN-01
  Scenario Outline: reading twice gives the same result
    Given <content> stored under it
    When it is read with a meta for its own size
    And it is read again
    Then the result equals the previous result

    Examples:
      | content                       |
      | an RGB array of 6x5           |
      | a "baseline" JPEG of 6x5      |
      | a "gray" JPEG of 6x5          |

  @RD-OWN-01
  Scenario: reading does not change the segment's bytes
    Given a "baseline" JPEG of 10x6 stored under it through the "fs" transport
    When it is read with a meta for its own size
    Then the segment still holds the bytes that were written

  @RD-OWN-02
  Scenario Outline: changing the returned array does not change the next read, unless it is a view
    Given <content> stored under it
    When it is read with a meta for its own size and the returned array is overwritten
    And it is read again
    Then the result follows the selected reading of RD-OWN-02 after the overwrite

    Examples:
      | content                  |
      | an RGB array of 6x5      |
      | a "baseline" JPEG of 6x5 |

  @RD-OWN-02
  Scenario: changing a zero fallback does not change the next read
    Given nothing stored under it
    When it is read with meta {"width": 3, "height": 2} and the returned array is overwritten
    And it is read again
    Then the result follows the selected reading of RD-OWN-02 after the overwrite

  @RD-ISO-01
  Scenario Outline: ids that collide as file names stay apart
    Given the ids "<first>" and "<second>", which collide as file names
    And an RGB array of 4x3 stored under it
    And another RGB array of 4x3 stored under the second id
    When it is read with a meta for its own size
    Then the first id reads its own data, as the selected reading of RD-ISO-01 allows

    Examples:
      | first       | second      |
      | cam:1       | cam/1       |
      | a b         | a_b         |
      | dev-shm:x:y | dev-shm/x/y |

  @RD-ISO-01
  Scenario: a cleared id does not fall back to a colliding id
    Given the ids "s/1" and "s:1", which collide as file names
    And an RGB array of 4x3 stored under it
    And another RGB array of 4x3 stored under the second id
    When the first id is cleared
    And it is read with meta {"width": 4, "height": 3}
    Then the first id reads as a never-written id, as the selected reading of RD-ISO-01 allows

  @RD-ISO-01
  Scenario Outline: ids that collide as fs file names, stored through the fs transport
    Given the ids "<first>" and "<second>", which collide as file names
    And an RGB array of 4x3 stored under it through the "fs" transport
    And another RGB array of 4x3 stored under the second id through the "fs" transport
    When it is read with a meta for its own size
    Then the first id reads its own data, as the selected reading of RD-ISO-01 allows

    Examples:
      | first | second |
      | cam:1 | cam/1  |
      | a b   | a_b    |

  @RD-ISO-01
  Scenario: an id stored after a colliding one through the fs transport reads its own data
    Given the ids "相机:2" and "相机/2", which collide as file names
    And another RGB array of 4x3 stored under the second id through the "fs" transport
    And an RGB array of 4x3 stored under it through the "fs" transport
    When it is read with a meta for its own size
    Then the first id reads its own data, as the selected reading of RD-ISO-01 allows

  @RD-ISO-01
  Scenario: an id stored after a colliding one through the fs transport, once cleared, does not fall back to it
    Given the ids "kamera-ä😀:3" and "kamera-ä😀/3", which collide as file names
    And another RGB array of 4x3 stored under the second id through the "fs" transport
    And an RGB array of 4x3 stored under it through the "fs" transport
    When the first id is cleared
    And it is read with meta {"width": 4, "height": 3}
    Then the first id reads as a never-written id, as the selected reading of RD-ISO-01 allows

  @RD-ISO-01
  Scenario: ids that do not collide stay apart on the fs transport
    Given the ids "cam-1" and "cam-2"
    And an RGB array of 4x3 stored under it through the "fs" transport
    And another RGB array of 4x3 stored under the second id through the "fs" transport
    When it is read with a meta for its own size
    Then the first id reads its own data, as the selected reading of RD-ISO-01 allows

  @RD-ISO-01 @property
  Scenario: any two ids keep their own data
    Given any case from generator "colliding-ids"
    When each pair is stored with different frames and the first is read
    Then every result is the first frame

  @RD-CLEAN-01
  Scenario Outline: after a clear, a read behaves as missing
    Given <content> stored under it
    And it is read with a meta for its own size
    When it is cleared
    And it is read again
    Then the result is what a never-written id gives

    Examples:
      | content                  |
      | an RGB array of 6x5      |
      | a "baseline" JPEG of 6x5 |

  @RD-CLEAN-01
  Scenario: a segment cleared on the fs transport is gone for another process too
    Given an RGB array of 6x5 stored under it through the "fs" transport
    When it is cleared
    And it is read from another process with a meta for 6x5
    Then the result is what a never-written id gives

  @RD-CLEAN-02
  Scenario Outline: writing an id again replaces its content
    Given <first> stored under it
    And it is read with a meta for its own size
    When <second> stored under it
    And it is read with a meta for its own size
    Then the result matches the last thing stored

    Examples:
      | first                    | second                    |
      | an RGB array of 6x5      | a "baseline" JPEG of 6x5  |
      | a "baseline" JPEG of 6x5 | an RGB array of 6x5       |
      | an RGB array of 6x5      | another RGB array of 6x5  |
      | a "baseline" JPEG of 6x5 | a "progressive" JPEG of 6x5 |

  @RD-XPROC-01
  Scenario Outline: another process reads what was written
    Given <content> stored under it through the "fs" transport
    When it is read from another process with a meta for its own size
    Then the result matches the last thing stored

    Examples:
      | content                  |
      | an RGB array of 6x5      |
      | a "baseline" JPEG of 9x7 |
      | a "gray" JPEG of 9x7     |
