/**
 * The control-plane RPC between the JobManager (in the ApplicationMaster) and the TaskManagers.
 *
 * <p>{@link io.weft.core.rpc.RpcService} owns the threads; it starts an
 * {@link io.weft.core.rpc.RpcServer} (JobManager) or opens connections with an
 * {@link io.weft.core.rpc.RpcClient} (TaskManager). Both ends then hold an
 * {@link io.weft.core.rpc.RpcConnection} and receive through an
 * {@link io.weft.core.rpc.RpcHandler}, whose callbacks run on netty threads and must not block.
 *
 * <p>Wire format. A connection is a sequence of frames: a 4-byte big-endian length, then that many
 * bytes. It opens with the mutual HMAC-SHA256 handshake described in {@code Handshake}, whose frames
 * may be at most 128 bytes; nothing is delivered before it succeeds. After it, a frame (at most
 * {@link io.weft.core.rpc.RpcSettings#maxFrameBytes()}, 16 MiB by default) is
 *
 * <pre>
 * kind: 1 byte            0 = TELL (send), 1 = ASK, 2 = REPLY
 * correlationId: 8 bytes  only for ASK and REPLY; a REPLY carries the id of the ASK it answers
 * message                 {@link io.weft.core.rpc.RpcCodec}: type byte, then the fields
 * </pre>
 *
 * A frame over the limit, of an unknown kind or with a malformed message closes the connection.
 * Messages are neither encrypted nor signed after the handshake: the secret keeps strangers out,
 * it does not protect against someone who can rewrite the traffic between two hosts of the cluster.
 */
package io.weft.core.rpc;
