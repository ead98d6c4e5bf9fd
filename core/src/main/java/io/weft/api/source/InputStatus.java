package io.weft.api.source;

/** What a reader's poll left behind. */
public enum InputStatus {
  /** More elements are ready; poll again soon. */
  MORE_AVAILABLE,
  /** Nothing ready now; the runtime polls again after a short pause. */
  NOTHING_AVAILABLE,
  /** This reader is done for good. */
  END_OF_INPUT
}
