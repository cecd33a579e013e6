Feature: Over many steps nothing leaks, and the algorithm never frees
  fast-check generates sequences of what the algorithm does in each step (answer OK or NG,
  ERROR result, error frame, crash, hang past the timeout, junk on stdout, each possibly
  delayed); after every sequence no segment it referenced may remain.

  @WR-LEAK-01
  Scenario Outline: No segment remains after any sequence of outcomes (<generation>, <transport>)
    Given a <generation> Runner using the <transport> transport with an execute timeout of 250 ms
    Then after any generated sequence of algorithm answers no segment remains

    Examples:
      | generation | transport |
      | v1         | fs        |
      | v1         | posix     |
      | v2         | fs        |
      | v2         | posix     |
