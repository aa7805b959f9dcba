package io.custody.enclave.protocol;

import com.google.protobuf.ByteString;
import io.custody.enclave.channel.Envelope;
import io.custody.proto.enclave.v1.PeerEnvelope;

/** custody.enclave.v1.PeerEnvelope ↔ the channel's {@link Envelope}: the only place both meet. */
final class EnvelopeMapper {
    private EnvelopeMapper() {}

    /** @throws IllegalArgumentException when a field is out of range (the request is then invalid) */
    static Envelope fromProto(PeerEnvelope proto, int protocolCode) {
        return new Envelope(proto.getSessionId().toByteArray(), protocolCode, proto.getPhase(), proto.getSender(),
                proto.getRecipient(), proto.getSequence(), proto.getPayload().toByteArray(),
                proto.getSignature().toByteArray(), proto.getEchoDigest().toByteArray());
    }

    static PeerEnvelope toProto(Envelope envelope) {
        return PeerEnvelope.newBuilder()
                .setSessionId(ByteString.copyFrom(envelope.sessionId()))
                .setPhase(envelope.phase())
                .setSender(envelope.sender())
                .setRecipient(envelope.recipient())
                .setSequence(envelope.sequence())
                .setPayload(ByteString.copyFrom(envelope.payload()))
                .setSignature(ByteString.copyFrom(envelope.signature()))
                .setEchoDigest(ByteString.copyFrom(envelope.echoDigest()))
                .build();
    }
}
