package io.weft.core.ha;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where the current ApplicationMaster attempt's JobManager listens: {@code jobmanager-address} in
 * the application's staging directory, one line {@code <attempt> <host>:<port>}. Each attempt
 * writes it once its RPC server runs (to a temporary name, then renamed over the old one, so a
 * reader sees a whole line); TaskManagers that survived the previous attempt read it to reconnect.
 * Only the address is read from it: whoever connects still has to pass the RPC handshake with the
 * application secret, so a forged file leads nowhere.
 */
public final class JobManagerAddressFile {
  public static final String NAME = "jobmanager-address";
  private static final int MAX_BYTES = 1024;

  /** An attempt's JobManager address. */
  public record Location(int attempt, String host, int port) {
    public String address() {
      return host + ":" + port;
    }
  }

  private JobManagerAddressFile() {}

  /** Whether a top-level name in the staging directory is this file or its temporary: not a container file. */
  public static boolean isRuntimeFile(String name) {
    return name.equals(NAME) || name.startsWith("." + NAME + ".");
  }

  public static void write(FileSystem fs, Path stagingDir, Location location) throws IOException {
    Path target = new Path(stagingDir, NAME);
    Path temp = new Path(stagingDir, "." + NAME + "." + location.attempt());
    try (FSDataOutputStream out = fs.create(temp, true)) {
      out.write((location.attempt() + " " + location.address() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(target, false);
    if (!fs.rename(temp, target)) {
      throw new IOException("cannot rename " + temp + " to " + target);
    }
  }

  /** The address in the file, or null when there is none (yet) or it cannot be parsed. */
  public static Location read(FileSystem fs, Path stagingDir) throws IOException {
    Path file = new Path(stagingDir, NAME);
    if (!fs.exists(file)) {
      return null;
    }
    byte[] bytes;
    try (InputStream in = fs.open(file)) {
      bytes = in.readNBytes(MAX_BYTES);
    } catch (java.io.FileNotFoundException e) {
      return null; // replaced between exists() and open()
    }
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }

  static Location parse(String text) {
    String[] parts = text.trim().split(" ");
    if (parts.length != 2) {
      return null;
    }
    int colon = parts[1].lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    try {
      return new Location(Integer.parseInt(parts[0]), parts[1].substring(0, colon),
          Integer.parseInt(parts[1].substring(colon + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Polls the file until it names an attempt after {@code lostAttempt}; null when none does within
   * {@code timeout}.
   */
  public static Location awaitNewer(FileSystem fs, Path stagingDir, int lostAttempt, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Location location = read(fs, stagingDir);
      if (location != null && location.attempt() > lostAttempt) {
        return location;
      }
      if (System.nanoTime() >= deadline) {
        return null;
      }
      Thread.sleep(250);
    }
  }
}
