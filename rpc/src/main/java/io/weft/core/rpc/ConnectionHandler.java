package io.weft.core.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Feeds the frames of an authenticated channel to its {@link RpcConnection}. */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

  private final RpcConnection connection;

  ConnectionHandler(RpcConnection connection) {
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    try {
      connection.received(frame);
    } catch (RpcProtocolException e) {
      LOG.warn("closing RPC connection with {}: {}", connection, e.getMessage());
      connection.closeBecause(e);
    } finally {
      frame.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.channelClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof RpcProtocolException) {
      LOG.warn("closing RPC connection with {}: {}", connection, c.getMessage());
    } else if (c instanceof IOException) {
      LOG.info("RPC connection with {} failed: {}", connection, c.getMessage());
    } else {
      LOG.warn("unexpected error on RPC connection with {}; closing it", connection, c);
    }
    connection.closeBecause(c);
  }
}
