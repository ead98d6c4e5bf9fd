package io.weft.core.security;

import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.delegation.AbstractDelegationTokenIdentifier;

/**
 * Hadoop delegation tokens of a job: which file systems need them, obtaining them, their expiry, and
 * their one wire form, Hadoop's token storage format ({@link Credentials#writeTokenStorageToStream}),
 * which is how YARN passes them to containers as well. Never Java serialization.
 */
public final class DelegationTokens {
  private DelegationTokens() {}

  /**
   * The file systems a job reaches: the default one, those of the checkpoint and savepoint
   * directories, and those of {@link SecurityOptions#HADOOP_FILE_SYSTEMS}; duplicates once.
   */
  public static List<URI> fileSystems(Configuration conf, org.apache.hadoop.conf.Configuration hadoopConf)
      throws IOException {
    Set<URI> uris = new LinkedHashSet<>();
    uris.add(FileSystem.getDefaultUri(hadoopConf));
    List<String> paths = new ArrayList<>();
    paths.add(conf.get(CheckpointOptions.DIRECTORY));
    paths.add(conf.get(CheckpointOptions.SAVEPOINT_DIRECTORY));
    paths.addAll(SecurityOptions.extraFileSystems(conf));
    for (String p : paths) {
      if (p != null && !p.isBlank()) {
        uris.add(new Path(p.trim()).getFileSystem(hadoopConf).getUri());
      }
    }
    return new ArrayList<>(uris);
  }

  /**
   * Delegation tokens of every file system in {@code fileSystems} (those without tokens, such as
   * file://, add none) with {@code renewer} as the party allowed to renew them.
   */
  public static Credentials obtain(List<URI> fileSystems, org.apache.hadoop.conf.Configuration hadoopConf,
      String renewer) throws IOException {
    Credentials credentials = new Credentials();
    for (URI uri : fileSystems) {
      try {
        FileSystem.get(uri, hadoopConf).addDelegationTokens(renewer, credentials);
      } catch (IOException e) {
        throw new IOException("cannot obtain a delegation token of " + uri + " (renewer " + renewer + "): " + e, e);
      }
    }
    return credentials;
  }

  /**
   * Renews each renewable token once, which is how its next expiry is learned (the renewal interval is
   * the server's setting), and returns the earliest; Long.MAX_VALUE when none can be renewed. The
   * caller must be the tokens' renewer, logged in with Kerberos.
   */
  public static long renewOnce(Credentials credentials, org.apache.hadoop.conf.Configuration hadoopConf)
      throws IOException, InterruptedException {
    long earliest = Long.MAX_VALUE;
    for (Token<? extends TokenIdentifier> token : credentials.getAllTokens()) {
      if (token.isManaged()) {
        earliest = Math.min(earliest, token.renew(hadoopConf));
      }
    }
    return earliest;
  }

  /** The earliest max date (the end of renewals) among the delegation tokens, or Long.MAX_VALUE. */
  public static long earliestMaxDate(Credentials credentials) {
    long earliest = Long.MAX_VALUE;
    for (Token<? extends TokenIdentifier> token : credentials.getAllTokens()) {
      TokenIdentifier id = decode(token);
      if (id instanceof AbstractDelegationTokenIdentifier d && d.getMaxDate() > 0) {
        earliest = Math.min(earliest, d.getMaxDate());
      }
    }
    return earliest;
  }

  /** "HDFS_DELEGATION_TOKEN for 127.0.0.1:8020, ..." — kinds and services only, never the secrets. */
  public static String describe(Credentials credentials) {
    List<String> parts = new ArrayList<>();
    for (Token<? extends TokenIdentifier> token : credentials.getAllTokens()) {
      parts.add(token.getKind() + " for " + token.getService());
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** Hadoop's token storage bytes of the tokens (not the secret keys) in {@code credentials}. */
  public static byte[] toBytes(Credentials credentials) {
    Credentials tokensOnly = new Credentials();
    credentials.getTokenMap().forEach(tokensOnly::addToken);
    try (DataOutputBuffer out = new DataOutputBuffer()) {
      tokensOnly.writeTokenStorageToStream(out);
      return Arrays.copyOf(out.getData(), out.getLength());
    } catch (IOException e) {
      throw new IllegalStateException("writing credentials to memory cannot fail", e);
    }
  }

  /** Reads what {@link #toBytes} wrote; a malformed input is an IOException naming the format. */
  public static Credentials fromBytes(byte[] bytes) throws IOException {
    Credentials credentials = new Credentials();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      credentials.readTokenStorageStream(in);
    } catch (IOException | RuntimeException e) {
      throw new IOException("not Hadoop token storage (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
    return credentials;
  }

  /** "2h 3m 4s" for a person reading a warning. */
  public static String humanDuration(long millis) {
    Duration d = Duration.ofMillis(Math.max(0, millis));
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h " + d.toMinutesPart() + "m";
    }
    return d.toHours() + "h " + d.toMinutesPart() + "m " + d.toSecondsPart() + "s";
  }

  private static TokenIdentifier decode(Token<? extends TokenIdentifier> token) {
    try {
      return token.decodeIdentifier();
    } catch (IOException | RuntimeException e) {
      return null; // a token of a kind this classpath does not know: it has no max date to tell
    }
  }
}
