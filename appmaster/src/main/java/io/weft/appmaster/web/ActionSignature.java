package io.weft.appmaster.web;

import io.weft.core.rpc.RpcSecret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

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
 * window).
 */
public final class ActionSignature {
  public static final String TIMESTAMP = "timestamp";
  public static final String SIGNATURE = "signature";
  private static final String LABEL = "weft-rest-action";

  private final RpcSecret secret;
  private final long maxSkewMillis;
  /** Signatures accepted within the last skew window, with their timestamps, oldest first. */
  private final LinkedHashMap<String, Long> used = new LinkedHashMap<>();

  public ActionSignature(RpcSecret secret, long maxSkewMillis) {
    this.secret = secret;
    this.maxSkewMillis = maxSkewMillis;
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
      return "this signed request was already used: sign each request anew";
    }
    return null;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
