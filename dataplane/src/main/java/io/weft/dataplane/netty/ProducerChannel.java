package io.weft.dataplane.netty;

import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.memory.MemorySegment;
import io.weft.dataplane.serialization.EventCodec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The producer's end of one logical channel: one subpartition of a result partition, read by one
 * remote consumer. The writer queues filled segments and events here; the connection takes them
 * out in order, a segment only while the consumer has credit for it (events need none: they are
 * tiny and the consumer keeps them outside its buffers).
 *
 * <p>The queue is bounded by the writer's buffer pool: with no credit, segments stay here, the
 * writer runs out of segments and blocks. That is backpressure for this channel alone.
 */
public final class ProducerChannel {
  /** The next thing to put on the wire: a segment or an event, with its sequence number. */
  record Outgoing(int receiverId, int sequence, int backlog, MemorySegment segment, byte[] event) {}

  private record QueuedEvent(byte[] bytes, boolean last) {}

  private final String partitionId;
  private final int subpartition;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private int backlog;
  private int credit;
  private int nextSequence;
  private int receiverId = -1;
  private ServerHandler connection;
  private boolean finished;
  private IOException released;
  private PartitionRegistry registry;
  /** Whether the connection has this channel in its send queue; touched only on its event loop. */
  boolean queuedForSend;

  public ProducerChannel(String partitionId, int subpartition) {
    this.partitionId = partitionId;
    this.subpartition = subpartition;
  }

  public String partitionId() {
    return partitionId;
  }

  public int subpartition() {
    return subpartition;
  }

  /**
   * Queues a filled segment; it is recycled once written to the socket. Throws if the channel was
   * released (consumer gone, connection lost, producer failed); the segment is then recycled.
   */
  public void addBuffer(MemorySegment segment) throws IOException {
    if (segment.length() == 0) {
      segment.recycle();
      return;
    }
    enqueue(segment);
  }

  /** Queues an event behind everything queued before it. */
  public void addEvent(Object event) throws IOException {
    enqueue(new QueuedEvent(EventCodec.encode(event), event instanceof EndOfPartition));
  }

  private void enqueue(Object item) throws IOException {
    ServerHandler notify = null;
    IOException failure;
    synchronized (this) {
      failure = released;
      if (failure == null) {
        boolean wasSendable = isSendable();
        queue.add(item);
        if (item instanceof MemorySegment) {
          backlog++;
        }
        if (!wasSendable && isSendable()) {
          notify = connection;
        }
      }
    }
    if (failure != null) {
      if (item instanceof MemorySegment s) {
        s.recycle();
      }
      throw new IOException(this + " is released: " + failure.getMessage(), failure);
    }
    if (notify != null) {
      notify.notifySendable(this);
    }
  }

  /** Segments queued and not yet sent. */
  public synchronized int backlog() {
    return backlog;
  }

  /** Segments the consumer can take right now. */
  public synchronized int credit() {
    return credit;
  }

  public synchronized boolean isAttached() {
    return connection != null;
  }

  public synchronized boolean isReleased() {
    return released != null;
  }

  /** The producer failed: drop what is queued and tell the consumer why. */
  public void fail(Throwable cause) {
    ServerHandler c;
    int id;
    synchronized (this) {
      c = connection;
      id = receiverId;
    }
    // Stays registered: a consumer whose request comes later must learn the cause, not wait for it.
    release(new IOException("producer of " + this + " failed: " + cause, cause), false);
    if (c != null) {
      c.sendError(id, "producer of " + this + " failed: " + cause);
    }
  }

  synchronized void registeredIn(PartitionRegistry registry) {
    this.registry = registry;
  }

  // ---- the connection's side ----

  /** Binds the channel to a consumer's request; returns why not, or null. */
  synchronized String attach(ServerHandler connection, int receiverId, int initialCredit) {
    if (released != null) {
      return this + " is released: " + released.getMessage();
    }
    if (this.connection != null) {
      return this + " is already being read by another consumer";
    }
    this.connection = connection;
    this.receiverId = receiverId;
    this.credit = initialCredit;
    return null;
  }

  synchronized boolean isSendable() {
    Object head = queue.peek();
    return released == null && head != null && (credit > 0 || !(head instanceof MemorySegment));
  }

  synchronized void addCredit(int more) {
    credit += more;
  }

  /** The next item the consumer may receive, or null. */
  synchronized Outgoing pollNext() {
    if (!isSendable()) {
      return null;
    }
    Object head = queue.poll();
    if (head instanceof MemorySegment s) {
      credit--;
      backlog--;
      return new Outgoing(receiverId, nextSequence++, backlog, s, null);
    }
    QueuedEvent e = (QueuedEvent) head;
    finished |= e.last();
    return new Outgoing(receiverId, nextSequence++, backlog, null, e.bytes());
  }

  /**
   * No more data goes out: the consumer closed the channel, its connection was lost, or the
   * producer failed. Queued segments are recycled so that a blocked writer wakes up and fails.
   */
  void release(IOException cause) {
    release(cause, true);
  }

  private void release(IOException cause, boolean unregister) {
    List<MemorySegment> drop = new ArrayList<>();
    PartitionRegistry from;
    synchronized (this) {
      if (released != null) {
        return;
      }
      released = cause;
      connection = null;
      from = unregister ? registry : null;
      for (Object o : queue) {
        if (o instanceof MemorySegment s) {
          drop.add(s);
        }
      }
      queue.clear();
      backlog = 0;
    }
    // A released channel serves no one any more: a later request for it is refused, not attached.
    if (from != null) {
      from.unregister(this);
    }
    drop.forEach(MemorySegment::recycle);
  }

  /**
   * Whether the end of partition went out: a release after that (the consumer closing, the
   * connection ending) is the normal end, not a failure.
   */
  public synchronized boolean isFinished() {
    return finished;
  }

  @Override
  public String toString() {
    return "partition " + partitionId + " subpartition " + subpartition;
  }
}
