/**
 * The mutual HMAC handshake every Weft port opens its connections with ({@link
 * io.weft.core.auth.MutualAuth}); the control-plane RPC and the data plane carry its messages in
 * their own frames.
 */
package io.weft.core.auth;
