Feature: .npy segment files other tools leave in the fs directory
  Over the fs transport an array segment is <safe id>.npy, numpy's own format (docs/sdk-guide.md),
  so numpy-based tools (a Runner, another SDK process) write it as numpy does: in format 2.0 or
  3.0 when asked, and damaged when a writer crashes or is foreign. Only targets with the fs
  transport are asked; the kit writes the file where the layout puts it.

  Background:
    Given the target under test
    And a fresh segment id

  @RD-XPROC-01
  Scenario Outline: an array another process saved in another .npy format version reads back
    Given an RGB array of 7x5 saved by another tool as a .npy file in "<form>" under it
    When it is read with a meta for its own size
    Then the pixels equal the stored array

    Examples:
      | form        |
      | version 2.0 |
      | version 3.0 |

  @RD-ROBUST-01
  Scenario Outline: a damaged .npy segment file never makes a read raise
    Given an RGB array of 7x5 saved by another tool as a .npy file in "<form>" under it
    When it is read with a meta for its own size
    Then the result is none or an H x W x 3 uint8 image

    Examples:
      | form                                |
      | no magic                            |
      | shorter than its prefix             |
      | version 4.0                         |
      | version 2.0 cut in its length field |
      | header longer than the file         |
      | header without shape                |
      | complex dtype                       |
      | fractional dimension                |
      | dimension beyond 2**53              |
      | data cut short                      |
