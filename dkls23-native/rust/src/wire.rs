//! Message lists across the ABI, and the routing checks every phase input passes first.
//!
//! List encoding: `u32 BE count`, then per message `u8 from, u8 to (0 = broadcast),
//! u32 BE length, payload`. Payloads are upstream `PhaseOutput` frames, opaque here.

use std::collections::BTreeMap;

use dkls23_core::protocols::messages::{MessageTag, PhaseInput, PhaseOutput};
use zeroize::Zeroize;

use crate::error::{ShimError, ShimResult};

pub const BROADCAST: u8 = 0;
/// Upper bound on one message list; a 3-of-5 DKG phase is well under 1 MiB.
pub const MAX_LIST_BYTES: usize = 64 * 1024 * 1024;
const MAX_MESSAGES: usize = 2 * 255;
const HEADER_LEN: usize = 6;

pub struct Message {
    pub from: u8,
    pub to: u8,
    pub payload: Vec<u8>,
}

impl Drop for Message {
    // Point-to-point payloads can be secret (DKG polynomial fragments).
    fn drop(&mut self) {
        self.payload.zeroize();
    }
}

pub fn encode_list(messages: &[Message]) -> Vec<u8> {
    let total: usize = messages.iter().map(|m| HEADER_LEN + m.payload.len()).sum();
    let mut out = Vec::with_capacity(4 + total);
    out.extend_from_slice(&(messages.len() as u32).to_be_bytes());
    for message in messages {
        out.push(message.from);
        out.push(message.to);
        out.extend_from_slice(&(message.payload.len() as u32).to_be_bytes());
        out.extend_from_slice(&message.payload);
    }
    out
}

pub fn decode_list(bytes: &[u8]) -> ShimResult<Vec<Message>> {
    if bytes.len() > MAX_LIST_BYTES {
        return Err(ShimError::malformed(0, "message list exceeds the size cap"));
    }
    let mut cursor = Cursor { bytes, at: 0 };
    let count = cursor.u32()? as usize;
    if count > MAX_MESSAGES {
        return Err(ShimError::malformed(0, format!("message list claims {count} messages")));
    }
    let mut messages = Vec::with_capacity(count);
    for _ in 0..count {
        let from = cursor.u8()?;
        let to = cursor.u8()?;
        let len = cursor.u32()? as usize;
        let payload = cursor.take(len)?.to_vec();
        messages.push(Message { from, to, payload });
    }
    if cursor.at != bytes.len() {
        return Err(ShimError::malformed(0, "trailing bytes after the message list"));
    }
    Ok(messages)
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, len: usize) -> ShimResult<&'a [u8]> {
        let end = self.at.checked_add(len).filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| ShimError::malformed(0, "message list is truncated"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u8(&mut self) -> ShimResult<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> ShimResult<u32> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Phase 1 takes no messages: accepts an empty buffer or an empty list, refuses anything else.
pub fn expect_no_input(bytes: &[u8]) -> ShimResult<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    match decode_list(bytes)?.first() {
        None => Ok(()),
        Some(m) => Err(ShimError::unexpected(m.from, "phase 1 takes no inbound messages")),
    }
}

/// What a phase expects from each peer: a broadcast, a point-to-point message, or both.
#[derive(Clone, Copy)]
pub struct Expect {
    pub broadcast: bool,
    pub p2p: bool,
}

impl Expect {
    pub const P2P: Expect = Expect { broadcast: false, p2p: true };
    pub const BROADCAST: Expect = Expect { broadcast: true, p2p: false };
    pub const BOTH: Expect = Expect { broadcast: true, p2p: true };
}

/// Validates routing of a decoded list for party `me` among `peers` and builds the upstream
/// `PhaseInput`: exactly the expected kinds from every peer, nothing else, no duplicates.
pub fn collect(me: u8, peers: &[u8], expect: Expect, bytes: &[u8]) -> ShimResult<Inbound> {
    let messages = decode_list(bytes)?;
    let mut input = PhaseInput { broadcasts: BTreeMap::new(), p2p: BTreeMap::new() };
    for message in &messages {
        let from = message.from;
        if from == me {
            return Err(ShimError::unexpected(from, format!("message from party {from} to itself")));
        }
        if !peers.contains(&from) {
            return Err(ShimError::unexpected(from, format!("message from party {from}, outside the session")));
        }
        let is_broadcast = message.to == BROADCAST;
        if !is_broadcast && message.to != me {
            return Err(ShimError::unexpected(
                from,
                format!("message from party {from} addressed to party {}, not {me}", message.to),
            ));
        }
        let (wanted, slot, kind) = if is_broadcast {
            (expect.broadcast, &mut input.broadcasts, "broadcast")
        } else {
            (expect.p2p, &mut input.p2p, "point-to-point message")
        };
        if !wanted {
            return Err(ShimError::unexpected(from, format!("unexpected {kind} from party {from} in this phase")));
        }
        if message.payload.is_empty() {
            return Err(ShimError::malformed(from, format!("empty {kind} from party {from}")));
        }
        if slot.insert(from, message.payload.clone()).is_some() {
            return Err(ShimError::unexpected(from, format!("duplicate {kind} from party {from}")));
        }
    }
    for &peer in peers {
        let missing = (expect.broadcast && !input.broadcasts.contains_key(&peer))
            || (expect.p2p && !input.p2p.contains_key(&peer));
        if missing {
            return Err(ShimError::unexpected(peer, format!("missing message from party {peer}")));
        }
    }
    Ok(Inbound { input })
}

/// A routed phase input; payloads are zeroed when it is dropped.
pub struct Inbound {
    input: PhaseInput,
}

impl Inbound {
    pub fn p2p<T: MessageTag>(&self, from: u8) -> ShimResult<T> {
        self.input
            .get_p2p::<T>(from)
            .map_err(|e| ShimError::malformed(from, format!("point-to-point message from party {from}: {e}")))
    }

    pub fn broadcast<T: MessageTag>(&self, from: u8) -> ShimResult<T> {
        self.input
            .get_broadcast::<T>(from)
            .map_err(|e| ShimError::malformed(from, format!("broadcast from party {from}: {e}")))
    }
}

impl Drop for Inbound {
    fn drop(&mut self) {
        self.input.broadcasts.values_mut().for_each(Zeroize::zeroize);
        self.input.p2p.values_mut().for_each(Zeroize::zeroize);
    }
}

/// Builds one phase's outbound list: one broadcast (all frames together) plus p2p per peer.
pub struct Outbound {
    me: u8,
    output: PhaseOutput,
}

impl Outbound {
    pub fn new(me: u8) -> Self {
        Outbound { me, output: PhaseOutput::new() }
    }

    pub fn broadcast<T: MessageTag>(&mut self, message: &T) -> ShimResult<()> {
        self.output.add_broadcast(message).map_err(encode_error)
    }

    pub fn p2p<T: MessageTag>(&mut self, to: u8, message: &T) -> ShimResult<()> {
        self.output.add_p2p(to, message).map_err(encode_error)
    }

    pub fn encode(mut self) -> Vec<u8> {
        let mut messages = Vec::new();
        if !self.output.broadcasts.is_empty() {
            let payload = self.output.broadcasts.concat();
            messages.push(Message { from: self.me, to: BROADCAST, payload });
        }
        for (&to, payload) in &self.output.p2p {
            messages.push(Message { from: self.me, to, payload: payload.clone() });
        }
        self.output.broadcasts.iter_mut().for_each(Zeroize::zeroize);
        self.output.p2p.values_mut().for_each(Zeroize::zeroize);
        encode_list(&messages)
    }
}

fn encode_error(e: dkls23_core::protocols::messages::MessageError) -> ShimError {
    ShimError::new(crate::error::ErrorCode::Panic, format!("cannot encode an outbound message: {e}"))
}

/// Checks that a decoded upstream message names the routing sender and this party.
pub fn check_parties(from: u8, me: u8, sender: u8, receiver: u8) -> ShimResult<()> {
    if sender != from || receiver != me {
        return Err(ShimError::unexpected(
            from,
            format!("message relayed as {from}->{me} claims {sender}->{receiver}"),
        ));
    }
    Ok(())
}

/// Peers of `me` among parties `1..=n`.
pub fn peers_of(me: u8, n: u8) -> Vec<u8> {
    (1..=n).filter(|&p| p != me).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn list(messages: Vec<(u8, u8, &[u8])>) -> Vec<u8> {
        let messages: Vec<Message> = messages
            .into_iter()
            .map(|(from, to, payload)| Message { from, to, payload: payload.to_vec() })
            .collect();
        encode_list(&messages)
    }

    #[test]
    fn round_trip() {
        let bytes = list(vec![(1, 0, b"a"), (2, 3, b"bc")]);
        let decoded = decode_list(&bytes).unwrap();
        assert_eq!(decoded.len(), 2);
        assert_eq!((decoded[1].from, decoded[1].to, decoded[1].payload.as_slice()), (2, 3, &b"bc"[..]));
    }

    #[test]
    fn truncated_and_trailing_lists_are_malformed() {
        let bytes = list(vec![(1, 0, b"abc")]);
        assert_eq!(decode_list(&bytes[..bytes.len() - 1]).err().unwrap().code, ErrorCode::MalformedMessage);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode_list(&longer).err().unwrap().code, ErrorCode::MalformedMessage);
        assert_eq!(decode_list(&[]).err().unwrap().code, ErrorCode::MalformedMessage);
    }

    #[test]
    fn routing_rules() {
        let peers = [2, 3];
        let ok = list(vec![(2, 1, b"x"), (3, 1, b"y")]);
        assert!(collect(1, &peers, Expect::P2P, &ok).is_ok());

        let outsider = list(vec![(2, 1, b"x"), (4, 1, b"y")]);
        let err = collect(1, &peers, Expect::P2P, &outsider).err().unwrap();
        assert_eq!((err.code, err.culprit), (ErrorCode::UnexpectedMessage, 4));

        let duplicate = list(vec![(2, 1, b"x"), (2, 1, b"x"), (3, 1, b"y")]);
        assert_eq!(collect(1, &peers, Expect::P2P, &duplicate).err().unwrap().code, ErrorCode::UnexpectedMessage);

        let missing = list(vec![(2, 1, b"x")]);
        let err = collect(1, &peers, Expect::P2P, &missing).err().unwrap();
        assert_eq!((err.code, err.culprit), (ErrorCode::UnexpectedMessage, 3));

        let misrouted = list(vec![(2, 3, b"x"), (3, 1, b"y")]);
        assert_eq!(collect(1, &peers, Expect::P2P, &misrouted).err().unwrap().code, ErrorCode::UnexpectedMessage);

        let wrong_kind = list(vec![(2, 0, b"x"), (3, 1, b"y")]);
        assert_eq!(collect(1, &peers, Expect::P2P, &wrong_kind).err().unwrap().code, ErrorCode::UnexpectedMessage);

        let empty = list(vec![(2, 1, b""), (3, 1, b"y")]);
        assert_eq!(collect(1, &peers, Expect::P2P, &empty).err().unwrap().code, ErrorCode::MalformedMessage);
    }
}
