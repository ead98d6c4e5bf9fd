package io.weft.core.rpc;

/**
 * Receives what arrives on authenticated connections. Nothing reaches a handler from a peer that
 * failed the handshake.
 *
 * <p>Every callback runs on a netty event-loop thread, one at a time per connection, but
 * concurrently for different connections of the same server. A callback must not block (no
 * {@code ask(...).get()}, no waiting for a task or a lock held for long): it would stall every
 * connection served by that thread. Hand slow work to your own executor and answer later with
 * {@link RpcConnection#reply}.
 */
public interface RpcHandler {

  /** A message the peer sent with {@link RpcConnection#send}. */
  void onMessage(RpcConnection connection, RpcMessage message);

  /**
   * A message the peer sent with {@link RpcConnection#ask}. Answer it exactly once with
   * {@code connection.reply(correlationId, answer)}, now or later from any thread. If this method
   * throws, the asker receives an {@link ErrorReply} with the exception's message.
   *
   * <p>By default the request is handed to {@link #onMessage} and answered with an {@link Ack}
   * once that returns: the answer then means "accepted", not "done".
   */
  default void onRequest(RpcConnection connection, long correlationId, RpcMessage request) {
    onMessage(connection, request);
    connection.reply(correlationId, new Ack(correlationId));
  }

  /**
   * The connection is closed; called once. {@code cause} is null when this side closed it on
   * purpose ({@link RpcConnection#close()}, closing the server, client or service), and otherwise
   * says why, naming the peer's address: the peer closed it or vanished, or it broke the protocol.
   * Requests still waiting for an answer have already failed.
   */
  void onClosed(RpcConnection connection, Throwable cause);
}
