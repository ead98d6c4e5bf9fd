package io.weft.state.keyed;

import java.io.IOException;

/** The kinds of keyed state; the codes are part of the snapshot format and never change. */
public enum StateKind {
  VALUE(1),
  LIST(2),
  MAP(3),
  REDUCING(4),
  AGGREGATING(5);

  private final int code;

  StateKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static StateKind ofCode(int code) throws IOException {
    for (StateKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IOException("corrupt input: unknown state kind " + code);
  }
}
