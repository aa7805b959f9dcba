//! Threshold signing among `t` parties, phase by phase, over upstream `Party::sign_phase*`.
//!
//! phase 1: -> p2p to each counterparty (commitment, OT extension data)
//! phase 2: p2p from each -> p2p to each (multiplication outputs, gamma, instance point)
//! phase 3: p2p from each -> broadcast (u, w)
//! finish:  broadcast from each -> signature r || s || v; upstream verifies it before release

use std::collections::BTreeMap;
use std::sync::Arc;

use dkls23_core::protocols::signing::{
    Broadcast3to4, KeepPhase1to2, KeepPhase2to3, SignData, TransmitPhase1to2, TransmitPhase2to3, UniqueKeep1to2,
    UniqueKeep2to3,
};
use dkls23_core::protocols::PartyIndex;
use dkls23_secp256k1::Party;
use k256::Secp256k1;

use crate::boundary::{borrow_bytes, borrow_handle, borrow_handle_mut, emit_buffer, emit_handle, guard, release_handle, require_out};
use crate::error::{DklsError, ShimError, ShimResult};
use crate::progress::{Progress, LAST_PHASE};
use crate::share::DklsShare;
use crate::wire::{check_parties, collect, expect_no_input, Expect, Outbound};

pub const SIGNATURE_LEN: usize = 65;

type Kept1 = (UniqueKeep1to2<Secp256k1>, BTreeMap<PartyIndex, KeepPhase1to2<Secp256k1>>);
type Kept2 = (UniqueKeep2to3<Secp256k1>, BTreeMap<PartyIndex, KeepPhase2to3<Secp256k1>>);

pub struct DklsSign {
    party: Arc<Party>,
    me: u8,
    peers: Vec<u8>,
    data: SignData,
    progress: Progress,
    kept1: Option<Kept1>,
    kept2: Option<Kept2>,
    x_coord: Option<String>,
    own_broadcast: Option<Broadcast3to4<Secp256k1>>,
}

impl DklsSign {
    pub fn new(party: Arc<Party>, sign_id: &[u8], counterparties: &[u8], message_hash: &[u8]) -> ShimResult<Self> {
        let me = party.party_index.as_u8();
        let (t, n) = (party.parameters.threshold, party.parameters.share_count);
        if sign_id.is_empty() {
            return Err(ShimError::invalid("sign id is empty"));
        }
        let message_hash: [u8; 32] = message_hash
            .try_into()
            .map_err(|_| ShimError::invalid(format!("message hash has {} bytes, expected 32", message_hash.len())))?;
        if counterparties.len() != usize::from(t - 1) {
            return Err(ShimError::invalid(format!(
                "{} counterparties given; a {t}-of-{n} signature needs exactly {}",
                counterparties.len(),
                t - 1
            )));
        }
        let mut indices = Vec::with_capacity(counterparties.len());
        for (position, &peer) in counterparties.iter().enumerate() {
            if peer == 0 || peer > n || peer == me || counterparties[..position].contains(&peer) {
                return Err(ShimError::invalid(format!(
                    "counterparty {peer} is invalid: must be distinct, in 1..{n} and not this party ({me})"
                )));
            }
            indices.push(PartyIndex::new(peer).map_err(|_| ShimError::invalid("invalid counterparty"))?);
        }
        let data = SignData { sign_id: sign_id.to_vec(), counterparties: indices, message_hash };
        Ok(DklsSign {
            party,
            me,
            peers: counterparties.to_vec(),
            data,
            progress: Progress::new("sign"),
            kept1: None,
            kept2: None,
            x_coord: None,
            own_broadcast: None,
        })
    }

    pub fn phase(&mut self, phase: u8, input: &[u8]) -> ShimResult<Vec<u8>> {
        self.progress.begin_step(phase)?;
        let result = match phase {
            1 => self.phase1(input),
            2 => self.phase2(input),
            _ => self.phase3(input),
        };
        self.progress.end(phase, result)
    }

    pub fn finish(&mut self, input: &[u8]) -> ShimResult<[u8; SIGNATURE_LEN]> {
        self.progress.begin(LAST_PHASE)?;
        let result = self.phase4(input);
        self.progress.end(LAST_PHASE, result)
    }

    fn phase1(&mut self, input: &[u8]) -> ShimResult<Vec<u8>> {
        expect_no_input(input)?;
        let (unique, kept, transmit) =
            self.party.sign_phase1(&self.data).map_err(|a| ShimError::from_abort("aborted", &a))?;
        let mut out = Outbound::new(self.me);
        for message in &transmit {
            out.p2p(message.parties.receiver.as_u8(), message)?;
        }
        self.kept1 = Some((unique, kept));
        Ok(out.encode())
    }

    fn phase2(&mut self, input: &[u8]) -> ShimResult<Vec<u8>> {
        let inbound = collect(self.me, &self.peers, Expect::P2P, input)?;
        let mut received = Vec::with_capacity(self.peers.len());
        for &peer in &self.peers {
            let message: TransmitPhase1to2 = inbound.p2p(peer)?;
            check_parties(peer, self.me, message.parties.sender.as_u8(), message.parties.receiver.as_u8())?;
            received.push(message);
        }
        let (unique, kept) = self.kept1.take().ok_or_else(|| ShimError::phase_order("phase 1 state missing"))?;
        let (unique2, kept2, transmit) = self
            .party
            .sign_phase2(&self.data, &unique, &kept, &received)
            .map_err(|a| ShimError::from_abort("aborted", &a))?;
        let mut out = Outbound::new(self.me);
        for message in &transmit {
            out.p2p(message.parties.receiver.as_u8(), message)?;
        }
        self.kept2 = Some((unique2, kept2));
        Ok(out.encode())
    }

    fn phase3(&mut self, input: &[u8]) -> ShimResult<Vec<u8>> {
        let inbound = collect(self.me, &self.peers, Expect::P2P, input)?;
        let mut received = Vec::with_capacity(self.peers.len());
        for &peer in &self.peers {
            let message: TransmitPhase2to3<Secp256k1> = inbound.p2p(peer)?;
            check_parties(peer, self.me, message.parties.sender.as_u8(), message.parties.receiver.as_u8())?;
            received.push(message);
        }
        let (unique, kept) = self.kept2.take().ok_or_else(|| ShimError::phase_order("phase 2 state missing"))?;
        let (x_coord, broadcast) = self
            .party
            .sign_phase3(&self.data, &unique, &kept, &received)
            .map_err(|a| ShimError::from_abort("aborted", &a))?;
        let mut out = Outbound::new(self.me);
        out.broadcast(&broadcast)?;
        self.x_coord = Some(x_coord);
        self.own_broadcast = Some(broadcast);
        Ok(out.encode())
    }

    fn phase4(&mut self, input: &[u8]) -> ShimResult<[u8; SIGNATURE_LEN]> {
        let inbound = collect(self.me, &self.peers, Expect::BROADCAST, input)?;
        let own = self.own_broadcast.take().ok_or_else(|| ShimError::phase_order("phase 3 state missing"))?;
        let mut received = vec![own];
        for &peer in &self.peers {
            received.push(inbound.broadcast::<Broadcast3to4<Secp256k1>>(peer)?);
        }
        let x_coord = self.x_coord.take().ok_or_else(|| ShimError::phase_order("phase 3 state missing"))?;
        let (s_hex, recovery_id) = self
            .party
            .sign_phase4(&self.data, &x_coord, &received, true)
            .map_err(|a| ShimError::from_abort("aborted", &a))?;
        let mut signature = [0u8; SIGNATURE_LEN];
        decode_hex32(&x_coord, &mut signature[..32])?;
        decode_hex32(&s_hex, &mut signature[32..64])?;
        signature[64] = recovery_id;
        Ok(signature)
    }
}

fn decode_hex32(text: &str, out: &mut [u8]) -> ShimResult<()> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 || out.len() != 32 {
        return Err(ShimError::invalid("signature component is not 32 bytes"));
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(ShimError::invalid("signature component is not hex")),
    };
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = (nibble(bytes[2 * i])? << 4) | nibble(bytes[2 * i + 1])?;
    }
    Ok(())
}

/// # Safety
/// `share` must be a live share handle; the byte inputs valid for their lengths; `out` valid.
#[no_mangle]
pub unsafe extern "C" fn dkls_sign_new(
    share: *const DklsShare,
    sign_id: *const u8,
    sign_id_len: usize,
    counterparties: *const u8,
    counterparties_len: usize,
    message_hash: *const u8,
    message_hash_len: usize,
    out: *mut *mut DklsSign,
) -> *mut DklsError {
    guard(|| {
        require_out(out, "out")?;
        let party = Arc::clone(&borrow_handle(share, "share")?.party);
        let sign_id = borrow_bytes(sign_id, sign_id_len, "sign id")?;
        let counterparties = borrow_bytes(counterparties, counterparties_len, "counterparties")?;
        let message_hash = borrow_bytes(message_hash, message_hash_len, "message hash")?;
        emit_handle(DklsSign::new(party, sign_id, counterparties, message_hash)?, out);
        Ok(())
    })
}

/// # Safety
/// `sign` must be a live sign handle; `input` valid for `input_len`; out-pointers valid.
#[no_mangle]
pub unsafe extern "C" fn dkls_sign_phase(
    sign: *mut DklsSign,
    phase: u8,
    input: *const u8,
    input_len: usize,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> *mut DklsError {
    guard(|| {
        require_out(out_ptr, "out_ptr")?;
        require_out(out_len, "out_len")?;
        let sign = borrow_handle_mut(sign, "sign")?;
        let input = borrow_bytes(input, input_len, "input")?;
        emit_buffer(sign.phase(phase, input)?, out_ptr, out_len);
        Ok(())
    })
}

/// # Safety
/// `sign` must be a live sign handle; `input` valid for `input_len`; `out_sig65` valid for 65 bytes.
#[no_mangle]
pub unsafe extern "C" fn dkls_sign_finish(
    sign: *mut DklsSign,
    input: *const u8,
    input_len: usize,
    out_sig65: *mut u8,
) -> *mut DklsError {
    guard(|| {
        require_out(out_sig65, "out_sig65")?;
        let sign = borrow_handle_mut(sign, "sign")?;
        let input = borrow_bytes(input, input_len, "input")?;
        let signature = sign.finish(input)?;
        std::ptr::copy_nonoverlapping(signature.as_ptr(), out_sig65, SIGNATURE_LEN);
        Ok(())
    })
}

/// # Safety
/// `sign` must be NULL or a sign handle not freed before.
#[no_mangle]
pub unsafe extern "C" fn dkls_sign_free(sign: *mut DklsSign) {
    release_handle(sign);
}
