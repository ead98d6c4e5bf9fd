package io.weft.dataplane.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** A decoded frame: its type and its body (a reference-counted slice of the input). */
final class Frame extends DefaultByteBufHolder {
  final FrameType type;

  Frame(FrameType type, ByteBuf body) {
    super(body);
    this.type = type;
  }

  ByteBuf body() {
    return content();
  }
}
