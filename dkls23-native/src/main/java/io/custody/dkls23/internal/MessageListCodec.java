package io.custody.dkls23.internal;

import io.custody.dkls23.MalformedMessageException;
import io.custody.dkls23.ProtocolMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ABI's message list: {@code u32 BE count}, then per message {@code u8 from, u8 to (0 =
 * broadcast), u32 BE length, payload}.
 */
public final class MessageListCodec {
    private static final int HEADER = 6;

    private MessageListCodec() {}

    public static byte[] encode(List<ProtocolMessage> messages) {
        int size = 4;
        for (ProtocolMessage message : messages) {
            size = Math.addExact(size, HEADER + message.payloadLength());
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(messages.size());
        for (ProtocolMessage message : messages) {
            out.put((byte) message.from()).put((byte) message.to()).putInt(message.payloadLength());
            message.copyPayloadInto(out);
        }
        return out.array();
    }

    public static List<ProtocolMessage> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int count = in.getInt();
            List<ProtocolMessage> messages = new ArrayList<>(Math.min(count, 512));
            for (int i = 0; i < count; i++) {
                int from = Byte.toUnsignedInt(in.get());
                int to = Byte.toUnsignedInt(in.get());
                byte[] payload = new byte[in.getInt()];
                in.get(payload);
                messages.add(new ProtocolMessage(from, to, payload));
            }
            if (in.hasRemaining()) {
                throw new MalformedMessageException("trailing bytes after a native message list");
            }
            return List.copyOf(messages);
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new MalformedMessageException("truncated native message list");
        }
    }
}
