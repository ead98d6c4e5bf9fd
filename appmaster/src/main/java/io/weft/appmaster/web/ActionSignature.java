package io.weft.appmaster.web;

import io.weft.core.rpc.RpcSecret;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Authenticates the REST API's actions (cancel, savepoint) with the application secret, without
 * the secret ever travelling. The caller sends the query parameters {@value #TIMESTAMP} (its clock,
 * epoch milliseconds) and {@value #SIGNATURE}: base64url of HMAC-SHA256 under {@link RpcSecret} of
 * <pre>weft-rest-action\n METHOD \n PATH \n sorted, URL-encoded query parameters but the signature</pre>
 * (lines joined by '\n'), where PATH is the path below the tracking URL, e.g.
 * {@code /api/v1/jobs/<jobId>/cancel}: the ResourceManager's proxy strips its own prefix, so the
 * JobManager sees the same path whether the call went through the proxy or not. Parameters rather
 * than headers because the proxy passes on only a fixed list of headers.
 *
 * <p>Refused: a missing or malformed timestamp or signature, a timestamp further than the allowed
 * skew from this clock, a wrong signature, and a signature seen before (a replay within the skew
 * window), by this ApplicationMaster attempt or, with {@link #persistedIn}, by an earlier one.
 */
public final class ActionSignature {
  public static final String TIMESTAMP = "timestamp";
  public static final String SIGNATURE = "signature";
  private static final String LABEL = "weft-rest-action";
  /** The staging directory's folder of used signatures; not a container file. */
  public static final String USED_DIRECTORY = ".rest-actions-used";

  private final RpcSecret secret;
  private final long maxSkewMillis;
  /** Signatures accepted within the last skew window, with their timestamps, oldest first. */
  private final LinkedHashMap<String, Long> used = new LinkedHashMap<>();
  /** Where used signatures are recorded for later attempts, or null to keep them in memory only. */
  private FileSystem fs;
  private Path usedDir;

  public ActionSignature(RpcSecret secret, long maxSkewMillis) {
    this.secret = secret;
    this.maxSkewMillis = maxSkewMillis;
  }

  /**
   * Signatures that also stay used across ApplicationMaster attempts: each accepted one is recorded
   * as a file in {@value #USED_DIRECTORY} of the staging directory (which every attempt of the
   * application shares and which goes when the application ends), created only if absent, so a
   * request an earlier attempt accepted is refused by every later one.
   */
  public static ActionSignature persistedIn(RpcSecret secret, long maxSkewMillis, FileSystem fs, Path stagingDir) {
    ActionSignature s = new ActionSignature(secret, maxSkewMillis);
    s.fs = fs;
    s.usedDir = new Path(stagingDir, USED_DIRECTORY);
    return s;
  }

  /** The signature a caller sends for a request with these parameters (timestamp included, signature not). */
  public static String sign(RpcSecret secret, String method, String path, Map<String, String> params) {
    StringBuilder text = new StringBuilder(LABEL).append('\n').append(method).append('\n').append(path).append('\n');
    boolean first = true;
    for (Map.Entry<String, String> p : new TreeMap<>(params).entrySet()) {
      if (p.getKey().equals(SIGNATURE)) {
        continue;
      }
      text.append(first ? "" : "&").append(encode(p.getKey())).append('=').append(encode(p.getValue()));
      first = false;
    }
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(secret.hmac(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The query string of a signed request: {@code params}, the timestamp {@code nowMillis} and the signature. */
  public static String signedQuery(RpcSecret secret, String method, String path, Map<String, String> params,
      long nowMillis) {
    Map<String, String> all = new TreeMap<>(params);
    all.put(TIMESTAMP, Long.toString(nowMillis));
    all.put(SIGNATURE, sign(secret, method, path, all));
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, String> p : all.entrySet()) {
      query.append(query.length() == 0 ? "" : "&").append(encode(p.getKey())).append('=').append(encode(p.getValue()));
    }
    return query.toString();
  }

  /** Null if the request is authentic, else why not (for the 401 answer; it never names the secret). */
  public synchronized String verify(String method, String path, Map<String, String> params, long nowMillis) {
    String timestamp = params.get(TIMESTAMP);
    String signature = params.get(SIGNATURE);
    if (timestamp == null || signature == null) {
      return "this action needs the query parameters '" + TIMESTAMP + "' and '" + SIGNATURE
          + "': an HMAC-SHA256 of the request under the application secret (see the REST API in ARCHITECTURE.md)";
    }
    long at;
    try {
      at = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return "'" + TIMESTAMP + "' must be epoch milliseconds, got '" + timestamp + "'";
    }
    if (Math.abs(nowMillis - at) > maxSkewMillis) {
      return "'" + TIMESTAMP + "' " + at + " is " + Math.abs(nowMillis - at) + " ms away from the JobManager's clock ("
          + nowMillis + "); at most " + maxSkewMillis + " ms are allowed: sign the request anew";
    }
    byte[] expected = sign(secret, method, path, params).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      return "the signature does not match this request (method " + method + ", path " + path
          + ") under the application secret";
    }
    for (Iterator<Map.Entry<String, Long>> i = used.entrySet().iterator(); i.hasNext(); ) {
      if (Math.abs(nowMillis - i.next().getValue()) > maxSkewMillis) {
        i.remove();
      }
    }
    if (used.putIfAbsent(signature, at) != null) {
      return ALREADY_USED;
    }
    return usedDir == null ? null : recordUsed(signature);
  }

  private static final String ALREADY_USED = "this signed request was already used: sign each request anew";

  /** Records the signature for later attempts; null if it was not recorded before, else why it is refused. */
  private String recordUsed(String signature) {
    // The name is a digest: the signature itself is base64url, but a digest keeps names short and uniform.
    Path marker = new Path(usedDir, HexFormat.of().formatHex(sha256(signature)));
    try {
      fs.mkdirs(usedDir, new FsPermission((short) 0700));
      fs.create(marker, false).close(); // fails if it exists: an earlier attempt accepted it
      return null;
    } catch (FileAlreadyExistsException e) {
      return ALREADY_USED + " (by an earlier ApplicationMaster attempt)";
    } catch (IOException e) {
      if (existsQuietly(marker)) {
        return ALREADY_USED + " (by an earlier ApplicationMaster attempt)";
      }
      used.remove(signature); // not recorded: the caller may retry the same request
      return "cannot record the signature in " + usedDir + " (" + e.getMessage() + "), so the action could be"
          + " replayed after a failover: it was not done; try again";
    }
  }

  private boolean existsQuietly(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
