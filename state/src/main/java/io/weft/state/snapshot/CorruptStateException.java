package io.weft.state.snapshot;

import java.io.IOException;

/**
 * A snapshot file that cannot be read back: truncated, a checksum mismatch, or bytes that do not
 * parse. Names the file and the byte offset, so that whoever restores can tell a damaged
 * checkpoint from an unreachable file system and fall back to an older checkpoint.
 */
public final class CorruptStateException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final long offset;

  public CorruptStateException(String file, long offset, String problem, Throwable cause) {
    super("corrupt snapshot file " + file + " at offset " + offset + ": " + problem, cause);
    this.file = file;
    this.offset = offset;
  }

  public String file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
