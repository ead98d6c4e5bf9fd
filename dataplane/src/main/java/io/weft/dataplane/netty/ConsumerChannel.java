package io.weft.dataplane.netty;

import io.netty.buffer.ByteBuf;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.memory.BufferListener;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.MemorySegment;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer's end of one logical channel. Received segments and events queue here in sequence
 * order until the task polls them; the task recycles each segment once it has read it.
 *
 * <p>Credit: every unit of credit the producer holds is backed by a free segment reserved here,
 * so an arriving buffer always has a place to go and the connection never stops reading for one
 * channel. The channel starts with its exclusive segments as credit; a recycled exclusive segment
 * comes back here and becomes credit again; when the producer's reported backlog exceeds the
 * reserved segments, floating segments are requested from the pool (or awaited) and announced as
 * credit too. A buffer that arrives without credit is a protocol violation.
 */
public final class ConsumerChannel implements BufferListener {
  /**
   * While more items than this wait for the task, credit for a producer that has none is held
   * back (see {@link #announceCredit}).
   */
  static final int HOLD_CREDIT_ABOVE = 2;

  /** Told when a channel has something to poll or has failed. Must not block. */
  @FunctionalInterface
  public interface Listener {
    void onAvailable(ConsumerChannel channel);
  }

  private final ClientHandler connection;
  private final int id;
  private final String partitionId;
  private final int subpartition;
  private final LocalBufferPool pool;
  private final int poolChannel;
  private final ArrayDeque<MemorySegment> reserved = new ArrayDeque<>();
  private final ArrayDeque<Object> received = new ArrayDeque<>();
  private int announced;
  private int backlog;
  private int expectedSequence;
  private long buffersReceived;
  private long creditGranted;
  private boolean creditPending;
  /** Credit to announce with the next arrival, the producer still holding some. */
  private boolean creditDeferred;
  /** Credit kept back from a producer that has none, while the task has segments queued. */
  private boolean creditHeld;
  /** Items arrived into an empty queue and the consumer was not woken yet. */
  private boolean unsignalled;
  /** Whether the connection will signal this channel after the current read; event loop only. */
  boolean arrivalPending;
  private boolean finished;
  private boolean closed;
  private Throwable failure;
  private volatile Listener listener;

  ConsumerChannel(ClientHandler connection, int id, String partitionId, int subpartition, LocalBufferPool pool,
      int poolChannel) {
    this.connection = connection;
    this.id = id;
    this.partitionId = partitionId;
    this.subpartition = subpartition;
    this.pool = pool;
    this.poolChannel = poolChannel;
  }

  public void setListener(Listener listener) {
    this.listener = listener;
    boolean ready;
    synchronized (this) {
      ready = !received.isEmpty() || failure != null;
    }
    if (ready && listener != null) {
      listener.onAvailable(this);
    }
  }

  /**
   * The next segment (read it, then recycle it) or event ({@code Watermark}, {@code EndOfPartition},
   * {@code CheckpointBarrier}) in the producer's order, or null if none has arrived yet.
   *
   * @throws IOException once the channel failed, naming the remote address and the cause
   */
  public Object poll() throws IOException {
    Object item;
    boolean releaseCredit;
    synchronized (this) {
      checkUsable();
      item = received.poll();
      releaseCredit = heldCreditDue();
    }
    if (releaseCredit) {
      announceCredit();
    }
    return item;
  }

  /** Like {@link #poll} but waits up to {@code timeout}; null if nothing arrived by then. */
  public Object take(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object item;
    boolean releaseCredit;
    synchronized (this) {
      while (true) {
        checkUsable();
        item = received.poll();
        long left = deadline - System.nanoTime();
        if (item != null || left <= 0) {
          break;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      releaseCredit = heldCreditDue();
    }
    if (releaseCredit) {
      announceCredit();
    }
    return item;
  }

  /** Whether credit {@link #announceCredit} held back may go now (the queue is down to the mark); under the lock. */
  private boolean heldCreditDue() {
    return creditHeld && received.size() <= HOLD_CREDIT_ABOVE;
  }

  private void checkUsable() throws IOException {
    if (failure != null) {
      throw new TransportException(connection.remote(), this + " failed: " + failure.getMessage(), failure);
    }
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  /** Buffers received so far; never more than {@link #creditGranted()}. */
  public synchronized long buffersReceived() {
    return buffersReceived;
  }

  /** Credit announced to the producer so far, initial credit included. */
  public synchronized long creditGranted() {
    return creditGranted;
  }

  /**
   * Whether recycled segments wait as credit the producer has not heard of, held back because the
   * task has more than {@link #HOLD_CREDIT_ABOVE} items queued (tests observe the decision with it).
   */
  public synchronized boolean creditHeld() {
    return creditHeld && reserved.size() > announced;
  }

  public synchronized int queued() {
    return received.size();
  }

  public synchronized boolean isFailed() {
    return failure != null;
  }

  /** Releases the channel: the producer stops sending, and every segment goes back to the pool. */
  public void close() {
    List<MemorySegment> drop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      drop = takeSegmentsLocked();
      notifyAll();
    }
    pool.setChannelListener(poolChannel, null);
    connection.closeChannel(id, failure == null);
    drop.forEach(MemorySegment::recycle);
  }

  // ---- the connection's side ----

  /** Reserves the exclusive segments as the initial credit and returns it. */
  int reserveInitialCredit() {
    pool.setChannelListener(poolChannel, this);
    List<MemorySegment> exclusive = new ArrayList<>();
    for (MemorySegment s = pool.requestExclusive(poolChannel); s != null; s = pool.requestExclusive(poolChannel)) {
      exclusive.add(s);
    }
    synchronized (this) {
      reserved.addAll(exclusive);
      announced = reserved.size();
      creditGranted = announced;
      return announced;
    }
  }

  /** A BUFFER frame's data; called on the event loop. */
  void onBuffer(int sequence, int backlog, ByteBuf data) throws ProtocolException {
    MemorySegment target;
    synchronized (this) {
      if (closed || failure != null) {
        return;
      }
      checkSequence(sequence);
      if (announced == 0) {
        throw new ProtocolException(connection.remote(), this + ": buffer without credit (buffer "
            + (buffersReceived + 1) + ", credit granted " + creditGranted + ")");
      }
      target = reserved.peek();
      if (data.readableBytes() > target.size()) {
        throw new ProtocolException(connection.remote(), this + ": buffer of " + data.readableBytes()
            + " bytes exceeds the segment size " + target.size());
      }
      reserved.poll();
      announced--;
      buffersReceived++;
    }
    int length = data.readableBytes();
    data.getBytes(data.readerIndex(), target.free().limit(length));
    target.setLength(length);
    if (deliver(target, backlog)) {
      requestFloatingIfNeeded();
    }
  }

  /** An EVENT frame's event; called on the event loop. */
  void onEvent(int sequence, Object event) throws ProtocolException {
    synchronized (this) {
      if (closed || failure != null) {
        return;
      }
      checkSequence(sequence);
      finished |= event instanceof EndOfPartition;
    }
    deliver(event, -1);
  }

  /**
   * Queues a received item; false (and the segment recycled) if the channel closed or failed
   * meanwhile. The consumer is not woken here but in {@link #signalArrivals}, once per socket read:
   * one wakeup for several segments instead of one each.
   */
  private boolean deliver(Object item, int newBacklog) {
    boolean accepted;
    synchronized (this) {
      accepted = !closed && failure == null;
      if (accepted) {
        unsignalled |= received.isEmpty();
        received.add(item);
        if (newBacklog >= 0) {
          backlog = newBacklog;
        }
      }
    }
    if (!accepted) {
      if (item instanceof MemorySegment s) {
        s.recycle();
      }
      return false;
    }
    connection.arrived(this);
    return true;
  }

  /**
   * Wakes the consumer for what arrived since the last call, and announces deferred credit; on the
   * event loop, after a read.
   */
  void signalArrivals() {
    boolean wake;
    boolean credit;
    synchronized (this) {
      wake = unsignalled;
      unsignalled = false;
      credit = creditDeferred && (reserved.size() - announced >= 2 || announced <= 1);
      if (wake) {
        notifyAll();
      }
    }
    if (credit) {
      sendCredit();
    }
    Listener l = listener;
    if (wake && l != null) {
      l.onAvailable(this);
    }
  }

  private void checkSequence(int sequence) throws ProtocolException {
    if (sequence != expectedSequence) {
      throw new ProtocolException(connection.remote(), this + ": sequence number " + sequence + ", expected "
          + expectedSequence);
    }
    expectedSequence++;
  }

  /** Fails the channel (connection lost, producer error, protocol violation). */
  void fail(Throwable cause) {
    List<MemorySegment> drop;
    synchronized (this) {
      // Once the end of partition is here, all data is: a later connection loss harms nothing.
      if (closed || failure != null || finished) {
        return;
      }
      failure = cause;
      drop = takeSegmentsLocked();
      notifyAll();
    }
    drop.forEach(MemorySegment::recycle);
    Listener l = listener;
    if (l != null) {
      l.onAvailable(this);
    }
  }

  private List<MemorySegment> takeSegmentsLocked() {
    List<MemorySegment> drop = new ArrayList<>(reserved);
    reserved.clear();
    for (Object o : received) {
      if (o instanceof MemorySegment s) {
        drop.add(s);
      }
    }
    received.clear();
    return drop;
  }

  /** Takes floating segments while the producer's backlog exceeds the reserved ones. */
  private void requestFloatingIfNeeded() {
    while (true) {
      synchronized (this) {
        if (closed || failure != null || backlog <= reserved.size()) {
          break;
        }
      }
      MemorySegment s = pool.requestFloating(this); // null: the pool calls us back once one is recycled
      if (s == null) {
        break;
      }
      if (!reserve(s, true)) {
        s.recycle();
        break;
      }
    }
    announceCredit();
  }

  /** The pool offers a recycled segment: an exclusive one of ours, or a floating one we waited for. */
  @Override
  public boolean bufferAvailable(MemorySegment segment) {
    boolean floating = segment.exclusiveChannel() < 0;
    if (!reserve(segment, floating)) {
      return false;
    }
    if (floating) {
      requestFloatingIfNeeded();
    } else {
      announceCredit();
    }
    return true;
  }

  private synchronized boolean reserve(MemorySegment segment, boolean floating) {
    if (closed || failure != null || (floating && backlog <= reserved.size())) {
      return false;
    }
    reserved.add(segment);
    return true;
  }

  /**
   * Announces reserved segments the producer does not know of yet. While the producer still holds
   * credit, its next buffer will arrive anyway: the announcement waits for that arrival and goes
   * out from the connection's thread right after the read ({@link #signalArrivals}), so recycling a
   * segment costs no wakeup of that thread, and one ADD_CREDIT frame covers everything recycled
   * meanwhile. A lone recycled segment waits for a second one while the producer holds two credits
   * or more, since each frame costs a write here and a wakeup and a read at the producer.
   *
   * <p>When the producer has no credit left, no arrival will carry the announcement, so the
   * connection is woken for it; but not while more than {@link #HOLD_CREDIT_ABOVE} items still wait
   * for the task. The task is then the bottleneck and busy for a while, and a frame per recycled
   * segment would cost a wakeup of both connection threads and of the producer each time; held
   * back, the credit goes out in one frame once {@link #poll} brings the queue down to the mark.
   */
  private void announceCredit() {
    synchronized (this) {
      if (creditPending || closed || failure != null || finished || reserved.size() <= announced) {
        return;
      }
      if (announced > 0) {
        creditDeferred = true;
        return;
      }
      if (received.size() > HOLD_CREDIT_ABOVE) {
        creditHeld = true;
        return;
      }
      creditHeld = false;
      creditPending = true;
    }
    connection.execute(this::sendCredit);
  }

  /** Sends the unannounced credit; on the event loop. */
  private void sendCredit() {
    int more;
    synchronized (this) {
      creditPending = false;
      creditDeferred = false;
      more = reserved.size() - announced;
      if (closed || failure != null || finished || more <= 0) {
        return;
      }
      announced += more;
      creditGranted += more;
    }
    connection.sendCredit(id, more);
  }

  @Override
  public String toString() {
    return "channel " + id + " (partition " + partitionId + " subpartition " + subpartition + " from "
        + connection.peer() + ")";
  }
}
