package io.weft.dataplane.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

/** The frame layer alone: what passes, what is refused, and that nothing after a refusal passes. */
class FrameDecoderTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));

  private static ByteBuf frame(int type, int length, int bodyBytes) {
    return Unpooled.buffer().writeInt(Frames.MAGIC).writeByte(type).writeInt(length).writeZero(bodyBytes);
  }

  @Test
  void validFramesPassEvenWhenSplitAcrossReads() {
    ByteBuf bytes = Unpooled.wrappedBuffer(frame(FrameType.ADD_CREDIT.code, 8, 8), frame(FrameType.BUFFER.code, 12 + 1024, 12 + 1024));
    while (bytes.isReadable()) {
      channel.writeInbound(bytes.readRetainedSlice(Math.min(7, bytes.readableBytes())));
    }
    bytes.release();
    Frame credit = channel.readInbound();
    Frame buffer = channel.readInbound();
    assertEquals(FrameType.ADD_CREDIT, credit.type);
    assertEquals(FrameType.BUFFER, buffer.type);
    assertEquals(12 + 1024, buffer.body().readableBytes());
    credit.release();
    buffer.release();
    assertFalse(channel.finish());
  }

  private void assertRefused(ByteBuf garbage, String problem) {
    // A valid frame right behind the garbage must not pass either.
    ByteBuf input = Unpooled.wrappedBuffer(garbage, frame(FrameType.CLOSE.code, 4, 4));
    DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(input));
    assertTrue(e.getCause() instanceof ProtocolException, e.toString());
    assertTrue(e.getCause().getMessage().contains(problem), e.getCause().getMessage());
    channel.writeInbound(frame(FrameType.CLOSE.code, 4, 4));
    assertNull(channel.readInbound(), "nothing passes once the stream is broken");
    channel.finishAndReleaseAll();
  }

  @Test
  void aLengthAboveTheMaximumIsRefusedBeforeItsBodyArrives() {
    assertRefused(frame(FrameType.BUFFER.code, 12 + 1025, 0), "body length 1037 outside 13..1036");
  }

  @Test
  void aHugeLengthIsRefused() {
    assertRefused(frame(FrameType.ERROR.code, Integer.MAX_VALUE, 0), "outside");
  }

  @Test
  void aNegativeLengthIsRefused() {
    assertRefused(frame(FrameType.EVENT.code, -1, 0), "body length -1");
  }

  @Test
  void anUnknownTypeIsRefused() {
    assertRefused(frame(99, 4, 4), "unknown frame type 99");
  }

  @Test
  void aBadMagicIsRefused() {
    assertRefused(Unpooled.buffer().writeLong(0x0102030405060708L).writeByte(1), "bad magic 0x1020304");
  }

  @Test
  void aLengthWrongForItsTypeIsRefused() {
    assertRefused(frame(FrameType.AUTH_CHALLENGE.code, 31, 31), "AUTH_CHALLENGE frame with body length 31");
  }
}
