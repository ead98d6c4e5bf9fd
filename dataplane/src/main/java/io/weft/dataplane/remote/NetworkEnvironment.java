package io.weft.dataplane.remote;

import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.NetworkBufferPool;
import io.weft.dataplane.netty.NettyTransport;
import io.weft.dataplane.netty.PartitionRegistry;
import io.weft.dataplane.netty.ProducerChannel;
import io.weft.dataplane.netty.TransportConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side of one TaskManager: its pool of network buffers, the partitions it serves to
 * other TaskManagers and the transport that carries them. Tasks get their remote channels here.
 */
public final class NetworkEnvironment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkEnvironment.class);
  /** How long a task waits for its buffers before failing with a clear "too little network memory". */
  private static final Duration POOL_TIMEOUT = Duration.ofSeconds(10);

  private final NetworkBufferPool buffers;
  private final PartitionRegistry registry;
  private final NettyTransport transport;
  private final int buffersPerChannel;
  private final int floatingPerGate;

  private NetworkEnvironment(NetworkBufferPool buffers, PartitionRegistry registry, NettyTransport transport,
      int buffersPerChannel, int floatingPerGate) {
    this.buffers = buffers;
    this.registry = registry;
    this.transport = transport;
    this.buffersPerChannel = buffersPerChannel;
    this.floatingPerGate = floatingPerGate;
  }

  /**
   * Allocates {@code networkBytes} of buffers and starts the transport's server.
   *
   * @param buffersPerChannel exclusive buffers of every remote channel (credit it starts with)
   * @param floatingPerGate buffers a partition or input gate shares among its channels
   */
  public static NetworkEnvironment start(TransportConfig config, long networkBytes, int buffersPerChannel,
      int floatingPerGate) throws IOException {
    int segments = (int) Math.min(Integer.MAX_VALUE, networkBytes / config.segmentSize());
    NetworkBufferPool buffers = new NetworkBufferPool(segments, config.segmentSize());
    PartitionRegistry registry = new PartitionRegistry();
    NetworkEnvironment env;
    try {
      env = new NetworkEnvironment(buffers, registry, NettyTransport.start(config, registry), buffersPerChannel,
          floatingPerGate);
    } catch (IOException | RuntimeException e) {
      buffers.destroy();
      throw e;
    }
    LOG.info("{}: network of {} buffers of {} bytes, data port {}", config.name(), segments, config.segmentSize(),
        env.address().getPort());
    return env;
  }

  /** Where other TaskManagers fetch this one's partitions. */
  public InetSocketAddress address() {
    return transport.address();
  }

  /** A buffer pool for a partition or gate with {@code channels} remote channels; destroy it when done. */
  public LocalBufferPool createPool(String name, int channels) throws IOException, InterruptedException {
    return new LocalBufferPool(buffers, name, channels, buffersPerChannel, floatingPerGate, POOL_TIMEOUT);
  }

  /**
   * A channel serving {@code subpartition} of {@code partitionId} to a remote consumer, registered
   * so the consumer's request finds it (even if it came first).
   */
  public <T> RemoteOutputChannel<T> createOutput(String partitionId, int subpartition, LocalBufferPool pool,
      int poolChannel, TypeSerializer<T> serializer) {
    ProducerChannel producer = new ProducerChannel(partitionId, subpartition);
    registry.register(producer);
    return new RemoteOutputChannel<>(producer, pool, poolChannel, serializer);
  }

  /** A channel reading {@code subpartition} of {@code partitionId} from the TaskManager at {@code producer}. */
  public <T> RemoteInputChannel<T> createInput(InetSocketAddress producer, String partitionId, int subpartition,
      LocalBufferPool pool, int poolChannel, TypeSerializer<T> serializer, String name) {
    return new RemoteInputChannel<>(transport, producer, partitionId, subpartition, pool, poolChannel, serializer,
        name);
  }

  /** Buffers free in the TaskManager's pool. */
  public int availableBuffers() {
    return buffers.availableSegments();
  }

  public int totalBuffers() {
    return buffers.totalSegments();
  }

  @Override
  public void close() {
    transport.close();
    buffers.destroy();
  }
}
