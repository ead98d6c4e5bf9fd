package io.weft.dataplane.bench;

import io.weft.core.types.BytesSerializer;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.MemorySegment;
import io.weft.dataplane.memory.NetworkBufferPool;
import io.weft.dataplane.netty.ConsumerChannel;
import io.weft.dataplane.netty.NettyTransport;
import io.weft.dataplane.netty.PartitionRegistry;
import io.weft.dataplane.netty.ProducerChannel;
import io.weft.dataplane.netty.TransportConfig;
import io.weft.dataplane.serialization.RecordDecoder;
import io.weft.dataplane.serialization.RecordEncoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Loopback throughput between two JVMs: a plain blocking socket as the baseline, then Weft's
 * transport with 100-byte and 10 KiB records (the receiving JVM deserializes and counts every
 * record). Prints bytes/s and the ratio to the raw socket. Not a test: figures depend on the
 * machine and on what else runs on it, so run it a few times ({@code --runs 3}).
 *
 * <p>The parent JVM sends; it starts the receiver as a second JVM with the same class path. Weft's
 * figure counts record payload bytes (the values), not the length prefixes, timestamps and frame
 * headers it also sends, so the ratio is conservative; the wire rate is printed beside it. Each
 * measurement counts from {@link #WARMUP} after the first byte to the end of the stream, at the
 * receiver. The transport runs with its defaults (32 KiB segments, epoll where available) and one
 * netty thread per JVM; the consumer has 2 exclusive and 8 floating buffers, the producer 4 and 8.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -o -q -Pbench -DskipTests package -pl dataplane -am
 * java -Dlog4j.configuration=file:conf/log4j-quiet.properties \
 *     -cp dataplane/target/test-classes:dataplane/target/classes:$(cat dataplane/target/bench-classpath.txt) \
 *     io.weft.dataplane.bench.TransportBench --runs 3 --seconds 6
 * </pre>
 *
 * <p>{@code --flink scripts/bench/flink-transport/run.sh} runs Apache Flink's data plane on the same
 * workload after each of Weft's measurements (one producer, one consumer in another TaskManager,
 * Flink's default network settings) and prints Flink's figure, its share of the raw socket and
 * Weft's ratio to it, so the three come from one round on the same machine.
 *
 * <p>Options: {@code --sizes 100,10240} (record sizes), {@code --no-raw}; {@code -Dbench.tls=true}
 * puts both transports on mutual TLS (a self-signed certificate generated for the run); system properties
 * {@code bench.segmentSize}, {@code bench.floating} (buffers in flight), {@code bench.verbose}
 * (where the producer and consumer wait), {@code bench.receiverJvmArgs} (for example a profiler),
 * {@code weft.transport.nio=true} (NIO instead of epoll).
 */
public final class TransportBench {
  private static final Duration WARMUP = Duration.ofSeconds(2);
  private static final int SEGMENT_SIZE = Integer.getInteger("bench.segmentSize", MemorySegment.DEFAULT_SIZE);
  private static final String SECRET_ENV = "WEFT_BENCH_SECRET";
  /** Floating buffers on each side: the window of data in flight that hides the credit round trip. */
  private static final int FLOATING = Integer.getInteger("bench.floating", 8);

  private TransportBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("raw-receiver")) {
      rawReceiver();
      return;
    }
    if (args.length > 0 && args[0].equals("weft-receiver")) {
      weftReceiver(Integer.parseInt(args[1]));
      return;
    }
    int runs = 1;
    int seconds = 6;
    boolean raw = true;
    String flink = null;
    int[] sizes = {100, 10 * 1024};
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--no-raw" -> raw = false;
        case "--flink" -> flink = args[++i];
        default -> throw new IllegalArgumentException(
            "usage: TransportBench [--runs N] [--seconds S] [--sizes 100,10240] [--no-raw] [--flink RUN_SH]");
      }
    }
    Duration duration = Duration.ofSeconds(seconds);
    System.out.printf("Loopback, %d cores, %d s per measurement (first %d s not counted), %d KiB segments%n",
        Runtime.getRuntime().availableProcessors(), seconds, WARMUP.toSeconds(), SEGMENT_SIZE / 1024);
    // The sending JVM lives through all runs: compile its code first so run 1 is not the slowest.
    weftSender(Duration.ofSeconds(3), 10 * 1024);
    weftSender(Duration.ofSeconds(2), 100);
    for (int run = 1; run <= runs; run++) {
      System.out.printf("run %d/%d%n", run, runs);
      double rawRate = Double.NaN;
      if (raw) {
        rawRate = rawSender(duration);
        System.out.printf(Locale.ROOT, "  raw socket           %8.1f MB/s%n", rawRate / 1e6);
      }
      for (int size : sizes) {
        Result r = weftSender(duration, size);
        System.out.printf(Locale.ROOT, "  weft %5d B records  %8.1f MB/s payload (%.2f M records/s, %.1f MB/s on the"
            + " wire)  %5.1f%% of raw%n", size, r.payloadRate / 1e6, r.recordRate / 1e6, r.wireRate / 1e6,
            100 * r.payloadRate / rawRate);
        System.out.printf(Locale.ROOT, "    receiver CPU per %d KiB on the wire: %.1f us, of which the task thread %.1f us,"
            + " netty %.1f us%n", SEGMENT_SIZE / 1024, r.receiverCpuMicros, r.taskCpuMicros, r.nettyCpuMicros);
        System.out.printf(Locale.ROOT, "    sender CPU per segment sent (whole run, warm-up included): %.1f us, of which"
            + " netty %.1f us%n", r.senderCpuMicros, r.senderNettyCpuMicros);
        resultLine("weft", run, size, r.payloadRate);
        if (flink != null) {
          double flinkRate = runFlink(flink, size, seconds);
          System.out.printf(Locale.ROOT, "  flink %4d B records  %8.1f MB/s payload  %5.1f%% of raw   weft/flink %.2f%n",
              size, flinkRate / 1e6, 100 * flinkRate / rawRate, r.payloadRate / flinkRate);
          resultLine("flink", run, size, flinkRate);
        }
      }
    }
  }

  /** Rates per second; the receiving JVM's CPU (all threads, its task thread, its netty threads) per segment on the wire. */
  private record Result(double payloadRate, double wireRate, double recordRate, double receiverCpuMicros,
      double taskCpuMicros, double nettyCpuMicros, double senderCpuMicros, double senderNettyCpuMicros) {}

  /** The line scripts/bench/compare reads (one per engine, record size and run). */
  private static void resultLine(String engine, int run, int recordBytes, double payloadRate) {
    System.out.printf(Locale.ROOT, "engine=%s job=transport run=%d record-bytes=%d payload-mb-s=%.1f%n", engine, run,
        recordBytes, payloadRate / 1e6);
  }

  /** Runs Flink's side (scripts/bench/flink-transport) and returns its payload bytes/s. */
  private static double runFlink(String runScript, int recordSize, int seconds) throws Exception {
    Process p = new ProcessBuilder(runScript, "FlinkTransportBench", Integer.toString(recordSize), Integer.toString(seconds))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = line;
        }
      }
    }
    if (p.waitFor() != 0 || result == null) {
      throw new IOException(runScript + " failed (exit " + p.exitValue() + ") or printed no RESULT line");
    }
    return Double.parseDouble(result.split(" ")[1]);
  }

  // ---- the receiving JVM ----

  /** Counts bytes and records, and the rate after the warmup, up to the end of the stream. */
  private static final class Meter {
    private long start = -1;
    private long markTime;
    private long markBytes;
    private long markWire;
    private long markRecords;
    long bytes;
    long wire;
    long records;

    private long markCpu;
    private long markTaskCpu;
    private long markNettyCpu;

    void tick() {
      long now = System.nanoTime();
      if (start < 0) {
        start = now;
      } else if (markTime == 0 && now - start >= WARMUP.toNanos()) {
        markTime = now;
        markBytes = bytes;
        markWire = wire;
        markRecords = records;
        markCpu = processCpu();
        markTaskCpu = TASK_CPU.getCurrentThreadCpuTime();
        markNettyCpu = nettyCpu();
      }
    }

    /**
     * Counted bytes, wire bytes, records, nanoseconds, then the CPU time the receiving JVM, its
     * task thread (this one) and its netty threads used meanwhile: CPU per byte is what the
     * transport costs whatever else runs on the machine, unlike the rate.
     */
    String result() {
      long elapsed = System.nanoTime() - markTime;
      return "RESULT " + (bytes - markBytes) + " " + (wire - markWire) + " " + (records - markRecords) + " " + elapsed
          + " " + (processCpu() - markCpu) + " " + (TASK_CPU.getCurrentThreadCpuTime() - markTaskCpu)
          + " " + (nettyCpu() - markNettyCpu);
    }
  }

  /** CPU time of the transport's netty threads so far. */
  private static long nettyCpu() {
    long sum = 0;
    for (java.lang.management.ThreadInfo t : TASK_CPU.getThreadInfo(TASK_CPU.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith(NettyTransport.THREAD_PREFIX)) {
        sum += Math.max(0, TASK_CPU.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static final java.lang.management.ThreadMXBean TASK_CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void rawReceiver() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      System.out.println("PORT " + ((InetSocketAddress) server.getLocalAddress()).getPort());
      System.out.flush();
      try (SocketChannel in = server.accept()) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        Meter meter = new Meter();
        int n;
        while ((n = in.read(buf.clear())) >= 0) {
          meter.bytes += n;
          meter.wire += n;
          meter.tick();
        }
        System.out.println(meter.result());
      }
    }
  }

  private static void weftReceiver(int producerPort) throws Exception {
    byte[] secret = Base64.getDecoder().decode(System.getenv(SECRET_ENV));
    NetworkBufferPool memory = new NetworkBufferPool(16 + FLOATING, SEGMENT_SIZE);
    TransportConfig config = TransportConfig.of("bench-receiver", "127.0.0.1", 0, secret).withEventLoopThreads(1).withSegmentSize(SEGMENT_SIZE)
        .withTls(tls());
    try (NettyTransport transport = NettyTransport.start(config, new PartitionRegistry())) {
      System.out.println("PORT " + transport.address().getPort());
      System.out.flush();
      LocalBufferPool gate = new LocalBufferPool(memory, "bench-gate", 1, 2, FLOATING, Duration.ofSeconds(5));
      ConsumerChannel in = transport.requestPartition(new InetSocketAddress("127.0.0.1", producerPort), "bench", 0,
          gate, 0);
      RecordDecoder<byte[]> decoder = new RecordDecoder<>(BytesSerializer.INSTANCE, in.toString());
      long[] queueSamples = new long[2];
      Thread sampler = null;
      if (Boolean.getBoolean("bench.verbose")) {
        sampler = new Thread(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            queueSamples[0]++;
            queueSamples[1] += in.queued();
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
          }
        });
        sampler.setDaemon(true);
        sampler.start();
      }
      StreamRecord<byte[]> record = new StreamRecord<>(null);
      Meter meter = new Meter();
      while (true) {
        Object item = in.take(Duration.ofSeconds(30));
        if (item == null) {
          throw new IOException("no data for 30 s");
        }
        if (item instanceof MemorySegment segment) {
          meter.wire += segment.length();
          decoder.setSegment(segment);
          while (decoder.next(record)) {
            meter.bytes += record.getValue().length;
            meter.records++;
          }
          segment.recycle();
          meter.tick();
        } else if (item instanceof EndOfPartition) {
          break;
        }
      }
      if (Boolean.getBoolean("bench.verbose")) {
        sampler.interrupt();
        System.err.printf(Locale.ROOT, "  consumer: %d buffers, credit granted %d, mean queue %.1f%n",
            in.buffersReceived(), in.creditGranted(), (double) queueSamples[1] / queueSamples[0]);
      }
      System.out.println(meter.result());
      in.close();
      gate.destroy();
    }
    memory.destroy();
  }

  // ---- the sending JVM ----

  private static Process startReceiver(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-XX:+UseParallelGC",
        "-cp", System.getProperty("java.class.path")));
    command.add("-Dbench.floating=" + FLOATING);
    command.add("-Dweft.transport.nio=" + Boolean.getBoolean("weft.transport.nio"));
    command.add("-Dbench.segmentSize=" + SEGMENT_SIZE);
    command.add("-Dbench.verbose=" + Boolean.getBoolean("bench.verbose"));
    command.add("-Dbench.tls=" + TLS);
    String log4j = System.getProperty("log4j.configuration");
    if (log4j != null) {
      command.add("-Dlog4j.configuration=" + log4j);
    }
    String extra = System.getProperty("bench.receiverJvmArgs"); // for example a profiler
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.add(TransportBench.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put(SECRET_ENV, Base64.getEncoder().encodeToString(SECRET));
    if (tls() != null) {
      pb.environment().put(TLS_ENV, tlsKeystore.toString());
    }
    return pb.start();
  }

  /** {@code -Dbench.tls=true}: both JVMs' transports use mutual TLS with one self-signed certificate. */
  private static final boolean TLS = Boolean.getBoolean("bench.tls");
  private static final String TLS_ENV = "WEFT_BENCH_TLS_KEYSTORE";
  private static final char[] TLS_PASSWORD = "bench-password".toCharArray();
  private static io.weft.core.security.TlsContext tls;
  private static java.nio.file.Path tlsKeystore;

  /** The parent generates the keystore; the receiver reads the file the parent names in its environment. */
  private static synchronized io.weft.core.security.TlsContext tls() throws IOException {
    if (!TLS) {
      return null;
    }
    if (tls == null) {
      String named = System.getenv(TLS_ENV);
      if (named != null) {
        tlsKeystore = java.nio.file.Path.of(named);
      } else {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("weft-bench-tls");
        dir.toFile().deleteOnExit();
        tlsKeystore = dir.resolve("keystore.p12");
        io.weft.core.security.SelfSignedKeyStore.generate(tlsKeystore, TLS_PASSWORD, "weft bench", 1);
        tlsKeystore.toFile().deleteOnExit(); // registered after the directory, so deleted before it
      }
      java.security.KeyStore store = io.weft.core.security.TlsContext.load(
          java.nio.file.Files.readAllBytes(tlsKeystore), TLS_PASSWORD, tlsKeystore.toString());
      tls = io.weft.core.security.TlsContext.of(store, TLS_PASSWORD, store, true);
    }
    return tls;
  }

  private static final byte[] SECRET = new byte[32];

  static {
    new SecureRandom().nextBytes(SECRET);
  }

  /** Reads the receiver's port line, runs {@code send}, then reads its result line. */
  private static double[] drive(Process receiver, SenderBody send) throws Exception {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
        System.out.println("  receiver: " + line);
      }
      if (line == null) {
        throw new IOException("receiver did not start");
      }
      send.run(Integer.parseInt(line.substring(5)));
      while ((line = out.readLine()) != null && !line.startsWith("RESULT ")) {
        System.out.println("  receiver: " + line);
      }
      if (line == null) {
        throw new IOException("receiver ended without a result");
      }
      String[] f = line.split(" ");
      double seconds = Long.parseLong(f[4]) / 1e9;
      double wire = Long.parseLong(f[2]);
      double perSegment = wire / SEGMENT_SIZE * 1000; // CPU ns -> µs per segment's worth of wire bytes
      return new double[] {Long.parseLong(f[1]) / seconds, wire / seconds, Long.parseLong(f[3]) / seconds,
          f.length > 6 ? Long.parseLong(f[5]) / perSegment : Double.NaN,
          f.length > 6 ? Long.parseLong(f[6]) / perSegment : Double.NaN,
          f.length > 7 ? Long.parseLong(f[7]) / perSegment : Double.NaN};
    } finally {
      if (!receiver.waitFor(30, TimeUnit.SECONDS)) {
        receiver.destroyForcibly();
      }
    }
  }

  @FunctionalInterface
  private interface SenderBody {
    void run(int receiverPort) throws Exception;
  }

  private static double rawSender(Duration duration) throws Exception {
    return drive(startReceiver("raw-receiver"), port -> {
      try (SocketChannel out = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
        out.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
          buf.clear();
          while (buf.hasRemaining()) {
            out.write(buf);
          }
        }
      }
    })[0];
  }

  /** Diagnostics: how often the producer waits for credit (consumer-bound) or has nothing queued. */
  private static Thread sampleProducer(ProducerChannel channel, long end) {
    Thread t = new Thread(() -> {
      long samples = 0;
      long noCredit = 0;
      long empty = 0;
      long backlogSum = 0;
      while (System.nanoTime() < end) {
        int backlog = channel.backlog();
        int credit = channel.credit();
        samples++;
        backlogSum += backlog;
        if (backlog > 0 && credit == 0) {
          noCredit++;
        } else if (backlog == 0) {
          empty++;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
      }
      System.err.printf(Locale.ROOT, "  producer: %.0f%% waiting for credit, %.0f%% nothing queued, mean backlog %.1f%n",
          100.0 * noCredit / samples, 100.0 * empty / samples, (double) backlogSum / samples);
    });
    t.start();
    return t;
  }

  private static Result weftSender(Duration duration, int recordSize) throws Exception {
    NetworkBufferPool memory = new NetworkBufferPool(16 + FLOATING, SEGMENT_SIZE);
    PartitionRegistry registry = new PartitionRegistry();
    ProducerChannel channel = new ProducerChannel("bench", 0);
    registry.register(channel);
    TransportConfig config = TransportConfig.of("bench-sender", "127.0.0.1", 0, SECRET).withEventLoopThreads(1).withSegmentSize(SEGMENT_SIZE)
        .withTls(tls());
    LocalBufferPool pool = new LocalBufferPool(memory, "bench-partition", 1, 4, FLOATING, Duration.ofSeconds(5));
    double[] rates;
    long[] segments = new long[1];
    long cpuBefore = processCpu();
    long nettyBefore;
    long cpuUsed;
    long nettyUsed;
    try (NettyTransport transport = NettyTransport.start(config, registry)) {
      nettyBefore = nettyCpu();
      rates = drive(startReceiver("weft-receiver", Integer.toString(transport.address().getPort())), port -> {
        byte[] value = new byte[recordSize];
        new SecureRandom().nextBytes(value);
        RecordEncoder<byte[]> encoder = new RecordEncoder<>(BytesSerializer.INSTANCE, () -> pool.requestBlocking(0),
            filled -> {
              segments[0]++;
              channel.addBuffer(filled);
            });
        long end = System.nanoTime() + duration.toNanos();
        Thread sampler = Boolean.getBoolean("bench.verbose") ? sampleProducer(channel, end) : null;
        long n = 0;
        while ((n & 255) != 0 || System.nanoTime() < end) {
          encoder.write(value, n++);
        }
        if (sampler != null) {
          sampler.join();
        }
        encoder.flush();
        channel.addEvent(EndOfPartition.INSTANCE);
      });
      // The sender's CPU over the whole send (the receiver's warm-up included), per segment sent:
      // with the receiver's figure, a change's effect on both ends, less moved by the load than a rate.
      cpuUsed = processCpu() - cpuBefore;
      nettyUsed = nettyCpu() - nettyBefore;
    } finally {
      pool.destroy();
    }
    int leaked = memory.destroy();
    if (leaked != 0) {
      throw new IllegalStateException(leaked + " segments leaked");
    }
    double perSegment = Math.max(1, segments[0]) * 1000.0; // CPU ns -> us per segment
    return new Result(rates[0], rates[1], rates[2], rates[3], rates[4], rates[5], cpuUsed / perSegment,
        nettyUsed / perSegment);
  }
}
