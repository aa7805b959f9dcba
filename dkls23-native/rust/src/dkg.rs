//! Distributed key generation, phase by phase, over upstream `DkgSession`.
//!
//! phase 1: -> p2p polynomial fragment to each peer (secret)
//! phase 2: p2p fragments -> broadcast {proof commitment, chain-code commitment}, p2p zero-share commitment
//! phase 3: broadcast + p2p from each peer -> broadcast chain-code opening, p2p {zero-share seed, OT init}
//! finish:  broadcast + p2p from each peer -> key share

use std::collections::BTreeMap;

use dkls23_core::protocols::dkg::{
    BroadcastDerivationPhase2to4, BroadcastDerivationPhase3to4, ProofCommitment, TransmitInitZeroSharePhase2to4,
};
use dkls23_core::protocols::{Parameters, PartyIndex};
use dkls23_core::DkgSession;
use dkls23_secp256k1::compute_eth_address;
use k256::{Scalar, Secp256k1};
use zeroize::Zeroizing;

use crate::boundary::{borrow_bytes, borrow_handle_mut, emit_buffer, emit_handle, guard, release_handle, require_out};
use crate::error::{DklsError, ShimError, ShimResult};
use crate::gather;
use crate::progress::{Progress, LAST_PHASE};
use crate::share::DklsShare;
use crate::wire::{collect, expect_no_input, peers_of, Expect, Inbound, Outbound};

pub struct DklsDkg {
    me: u8,
    n: u8,
    peers: Vec<u8>,
    progress: Progress,
    session: Option<DkgSession<Secp256k1>>,
    own_fragment: Zeroizing<Scalar>,
    proofs: Vec<ProofCommitment<Secp256k1>>,
    zero_phase2: Vec<TransmitInitZeroSharePhase2to4>,
    bip_phase2: BTreeMap<PartyIndex, BroadcastDerivationPhase2to4>,
    bip_phase3: BTreeMap<PartyIndex, BroadcastDerivationPhase3to4>,
}

impl DklsDkg {
    pub fn new(threshold: u8, share_count: u8, party_index: u8, session_id: &[u8]) -> ShimResult<Self> {
        let parameters = Parameters::new(threshold, share_count).map_err(|_| {
            ShimError::invalid(format!("threshold {threshold} of {share_count} is invalid: need 2 <= t <= n"))
        })?;
        if party_index == 0 || party_index > share_count {
            return Err(ShimError::invalid(format!("party index {party_index} is outside 1..{share_count}")));
        }
        if session_id.is_empty() {
            return Err(ShimError::invalid("session id is empty"));
        }
        let index = PartyIndex::new(party_index).map_err(|_| ShimError::invalid("invalid party index"))?;
        Ok(DklsDkg {
            me: party_index,
            n: share_count,
            peers: peers_of(party_index, share_count),
            progress: Progress::new("dkg"),
            session: Some(DkgSession::new(parameters, index, session_id.to_vec())),
            own_fragment: Zeroizing::new(Scalar::ZERO),
            proofs: Vec::new(),
            zero_phase2: Vec::new(),
            bip_phase2: BTreeMap::new(),
            bip_phase3: BTreeMap::new(),
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

    pub fn finish(&mut self, input: &[u8]) -> ShimResult<DklsShare> {
        self.progress.begin(LAST_PHASE)?;
        let result = self.phase4(input);
        self.progress.end(LAST_PHASE, result)
    }

    fn session(&mut self) -> ShimResult<&mut DkgSession<Secp256k1>> {
        self.session.as_mut().ok_or_else(|| ShimError::phase_order("dkg session already consumed"))
    }

    fn phase1(&mut self, input: &[u8]) -> ShimResult<Vec<u8>> {
        expect_no_input(input)?;
        let fragments = self.session()?.phase1();
        let mut out = Outbound::new(self.me);
        self.own_fragment = gather::send_fragments(&mut out, self.me, fragments)?;
        Ok(out.encode())
    }

    fn phase2(&mut self, input: &[u8]) -> ShimResult<Vec<u8>> {
        let inbound = collect(self.me, &self.peers, Expect::P2P, input)?;
        let fragments = gather::receive_fragments(&inbound, self.me, self.n, &self.own_fragment)?;
        let (proof, zero_transmit, bip_broadcast) =
            self.session()?.phase2(&fragments).map_err(|a| ShimError::from_abort("aborted", &a))?;
        self.own_fragment = Zeroizing::new(Scalar::ZERO);

        let mut out = Outbound::new(self.me);
        out.broadcast(&proof)?;
        out.broadcast(&bip_broadcast)?;
        for message in &zero_transmit {
            out.p2p(message.parties.receiver.as_u8(), message)?;
        }
        self.proofs.push(proof);
        self.bip_phase2.insert(bip_broadcast.sender_index, bip_broadcast);
        Ok(out.encode())
    }

    fn phase3(&mut self, input: &[u8]) -> ShimResult<Vec<u8>> {
        let inbound = collect(self.me, &self.peers, Expect::BOTH, input)?;
        for &peer in &self.peers {
            self.proofs.push(gather::proof(&inbound, peer)?);
            self.bip_phase2.insert(peer_index(peer)?, bip_phase2(&inbound, peer)?);
            self.zero_phase2.push(gather::zero_phase2(&inbound, peer, self.me)?);
        }
        let (zero_transmit, mul_transmit, bip_broadcast) =
            self.session()?.phase3().map_err(|a| ShimError::from_abort("aborted", &a))?;

        let mut out = Outbound::new(self.me);
        out.broadcast(&bip_broadcast)?;
        for message in &zero_transmit {
            out.p2p(message.parties.receiver.as_u8(), message)?;
        }
        for message in &mul_transmit {
            out.p2p(message.parties.receiver.as_u8(), message)?;
        }
        self.bip_phase3.insert(bip_broadcast.sender_index, bip_broadcast);
        Ok(out.encode())
    }

    fn phase4(&mut self, input: &[u8]) -> ShimResult<DklsShare> {
        let inbound = collect(self.me, &self.peers, Expect::BOTH, input)?;
        let mut zero_phase3 = Vec::with_capacity(self.peers.len());
        let mut mul = Vec::with_capacity(self.peers.len());
        for &peer in &self.peers {
            self.bip_phase3.insert(peer_index(peer)?, bip_phase3(&inbound, peer)?);
            zero_phase3.push(gather::zero_phase3(&inbound, peer, self.me)?);
            mul.push(gather::mul_phase3(&inbound, peer, self.me)?);
        }
        let session = self.session.take().ok_or_else(|| ShimError::phase_order("dkg session already consumed"))?;
        let (party, _public_package) = session
            .phase4(
                &self.proofs,
                &self.zero_phase2,
                &zero_phase3,
                &mul,
                &self.bip_phase2,
                &self.bip_phase3,
                compute_eth_address,
            )
            .map_err(|a| ShimError::from_abort("aborted", &a))?;
        Ok(DklsShare::new(party))
    }
}

fn peer_index(peer: u8) -> ShimResult<PartyIndex> {
    PartyIndex::new(peer).map_err(|_| ShimError::invalid("invalid party index"))
}

fn bip_phase2(inbound: &Inbound, from: u8) -> ShimResult<BroadcastDerivationPhase2to4> {
    let message: BroadcastDerivationPhase2to4 = inbound.broadcast(from)?;
    if message.sender_index.as_u8() != from {
        return Err(ShimError::unexpected(from, format!("broadcast from party {from} claims party {}", message.sender_index)));
    }
    Ok(message)
}

fn bip_phase3(inbound: &Inbound, from: u8) -> ShimResult<BroadcastDerivationPhase3to4> {
    let message: BroadcastDerivationPhase3to4 = inbound.broadcast(from)?;
    if message.sender_index.as_u8() != from {
        return Err(ShimError::unexpected(from, format!("broadcast from party {from} claims party {}", message.sender_index)));
    }
    Ok(message)
}

/// # Safety
/// `session_id` must be valid for `session_id_len` bytes; `out` a valid out-pointer.
#[no_mangle]
pub unsafe extern "C" fn dkls_dkg_new(
    threshold: u8,
    share_count: u8,
    party_index: u8,
    session_id: *const u8,
    session_id_len: usize,
    out: *mut *mut DklsDkg,
) -> *mut DklsError {
    guard(|| {
        require_out(out, "out")?;
        let session_id = borrow_bytes(session_id, session_id_len, "session id")?;
        emit_handle(DklsDkg::new(threshold, share_count, party_index, session_id)?, out);
        Ok(())
    })
}

/// # Safety
/// `dkg` must be a live DKG handle; `input` valid for `input_len`; out-pointers valid.
#[no_mangle]
pub unsafe extern "C" fn dkls_dkg_phase(
    dkg: *mut DklsDkg,
    phase: u8,
    input: *const u8,
    input_len: usize,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> *mut DklsError {
    guard(|| {
        require_out(out_ptr, "out_ptr")?;
        require_out(out_len, "out_len")?;
        let dkg = borrow_handle_mut(dkg, "dkg")?;
        let input = borrow_bytes(input, input_len, "input")?;
        emit_buffer(dkg.phase(phase, input)?, out_ptr, out_len);
        Ok(())
    })
}

/// # Safety
/// `dkg` must be a live DKG handle; `input` valid for `input_len`; `out` a valid out-pointer.
#[no_mangle]
pub unsafe extern "C" fn dkls_dkg_finish(
    dkg: *mut DklsDkg,
    input: *const u8,
    input_len: usize,
    out: *mut *mut DklsShare,
) -> *mut DklsError {
    guard(|| {
        require_out(out, "out")?;
        let dkg = borrow_handle_mut(dkg, "dkg")?;
        let input = borrow_bytes(input, input_len, "input")?;
        emit_handle(dkg.finish(input)?, out);
        Ok(())
    })
}

/// # Safety
/// `dkg` must be NULL or a DKG handle not freed before.
#[no_mangle]
pub unsafe extern "C" fn dkls_dkg_free(dkg: *mut DklsDkg) {
    release_handle(dkg);
}
