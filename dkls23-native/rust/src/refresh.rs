//! Complete refresh among all n parties over upstream `Party::refresh_complete_phase*`:
//! same public key, new shares and a new multiplication (OT) setup, which is what lifts a
//! ban after a cheating abort.
//!
//! phase 1: -> p2p zero-constant polynomial fragment to each peer (secret)
//! phase 2: p2p fragments -> broadcast proof commitment, p2p zero-share commitment
//! phase 3: broadcast + p2p from each -> p2p {zero-share seed, OT init}
//! finish:  p2p from each -> the refreshed key share

use std::collections::BTreeMap;
use std::sync::Arc;

use dkls23_core::protocols::dkg::{
    KeepInitMulPhase3to4, KeepInitZeroSharePhase2to3, KeepInitZeroSharePhase3to4, ProofCommitment,
    TransmitInitZeroSharePhase2to4,
};
use dkls23_core::protocols::PartyIndex;
use dkls23_secp256k1::Party;
use k256::{Scalar, Secp256k1};
use zeroize::Zeroizing;

use crate::boundary::{borrow_bytes, borrow_handle, borrow_handle_mut, emit_buffer, emit_handle, guard, release_handle, require_out};
use crate::error::{DklsError, ShimError, ShimResult};
use crate::gather;
use crate::progress::{Progress, LAST_PHASE};
use crate::share::DklsShare;
use crate::wire::{collect, expect_no_input, peers_of, Expect, Outbound};

pub struct DklsRefresh {
    party: Arc<Party>,
    me: u8,
    n: u8,
    peers: Vec<u8>,
    refresh_id: Vec<u8>,
    progress: Progress,
    own_fragment: Zeroizing<Scalar>,
    correction: Zeroizing<Scalar>,
    proofs: Vec<ProofCommitment<Secp256k1>>,
    zero_kept2: Option<BTreeMap<PartyIndex, KeepInitZeroSharePhase2to3>>,
    zero_kept3: Option<BTreeMap<PartyIndex, KeepInitZeroSharePhase3to4>>,
    mul_kept: Option<BTreeMap<PartyIndex, KeepInitMulPhase3to4<Secp256k1>>>,
    zero_phase2: Vec<TransmitInitZeroSharePhase2to4>,
}

impl DklsRefresh {
    pub fn new(party: Arc<Party>, refresh_id: &[u8]) -> ShimResult<Self> {
        if refresh_id.is_empty() {
            return Err(ShimError::invalid("refresh id is empty"));
        }
        let me = party.party_index.as_u8();
        let n = party.parameters.share_count;
        Ok(DklsRefresh {
            party,
            me,
            n,
            peers: peers_of(me, n),
            refresh_id: refresh_id.to_vec(),
            progress: Progress::new("refresh"),
            own_fragment: Zeroizing::new(Scalar::ZERO),
            correction: Zeroizing::new(Scalar::ZERO),
            proofs: Vec::new(),
            zero_kept2: None,
            zero_kept3: None,
            mul_kept: None,
            zero_phase2: Vec::new(),
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

    fn phase1(&mut self, input: &[u8]) -> ShimResult<Vec<u8>> {
        expect_no_input(input)?;
        let mut out = Outbound::new(self.me);
        self.own_fragment = gather::send_fragments(&mut out, self.me, self.party.refresh_complete_phase1())?;
        Ok(out.encode())
    }

    fn phase2(&mut self, input: &[u8]) -> ShimResult<Vec<u8>> {
        let inbound = collect(self.me, &self.peers, Expect::P2P, input)?;
        let fragments = gather::receive_fragments(&inbound, self.me, self.n, &self.own_fragment)?;
        let (correction, proof, zero_keep, zero_transmit) =
            self.party.refresh_complete_phase2(&self.refresh_id, &fragments);
        self.own_fragment = Zeroizing::new(Scalar::ZERO);
        self.correction = Zeroizing::new(correction);

        let mut out = Outbound::new(self.me);
        out.broadcast(&proof)?;
        for message in &zero_transmit {
            out.p2p(message.parties.receiver.as_u8(), message)?;
        }
        self.proofs.push(proof);
        self.zero_kept2 = Some(zero_keep);
        Ok(out.encode())
    }

    fn phase3(&mut self, input: &[u8]) -> ShimResult<Vec<u8>> {
        let inbound = collect(self.me, &self.peers, Expect::BOTH, input)?;
        for &peer in &self.peers {
            self.proofs.push(gather::proof(&inbound, peer)?);
            self.zero_phase2.push(gather::zero_phase2(&inbound, peer, self.me)?);
        }
        let zero_kept2 = self.zero_kept2.take().ok_or_else(|| ShimError::phase_order("phase 2 state missing"))?;
        let (zero_keep, zero_transmit, mul_keep, mul_transmit) =
            self.party.refresh_complete_phase3(&self.refresh_id, &zero_kept2);

        let mut out = Outbound::new(self.me);
        for message in &zero_transmit {
            out.p2p(message.parties.receiver.as_u8(), message)?;
        }
        for message in &mul_transmit {
            out.p2p(message.parties.receiver.as_u8(), message)?;
        }
        self.zero_kept3 = Some(zero_keep);
        self.mul_kept = Some(mul_keep);
        Ok(out.encode())
    }

    fn phase4(&mut self, input: &[u8]) -> ShimResult<DklsShare> {
        let inbound = collect(self.me, &self.peers, Expect::P2P, input)?;
        let mut zero_phase3 = Vec::with_capacity(self.peers.len());
        let mut mul = Vec::with_capacity(self.peers.len());
        for &peer in &self.peers {
            zero_phase3.push(gather::zero_phase3(&inbound, peer, self.me)?);
            mul.push(gather::mul_phase3(&inbound, peer, self.me)?);
        }
        let missing = || ShimError::phase_order("phase 3 state missing");
        let zero_kept = self.zero_kept3.take().ok_or_else(missing)?;
        let mul_kept = self.mul_kept.take().ok_or_else(missing)?;
        let party = self
            .party
            .refresh_complete_phase4(
                &self.refresh_id,
                &self.correction,
                &self.proofs,
                &zero_kept,
                &self.zero_phase2,
                &zero_phase3,
                &mul_kept,
                &mul,
            )
            .map_err(|a| ShimError::from_abort("aborted", &a))?;
        self.correction = Zeroizing::new(Scalar::ZERO);
        Ok(DklsShare::new(party))
    }
}

/// # Safety
/// `share` must be a live share handle; `refresh_id` valid for its length; `out` valid.
#[no_mangle]
pub unsafe extern "C" fn dkls_refresh_new(
    share: *const DklsShare,
    refresh_id: *const u8,
    refresh_id_len: usize,
    out: *mut *mut DklsRefresh,
) -> *mut DklsError {
    guard(|| {
        require_out(out, "out")?;
        let party = Arc::clone(&borrow_handle(share, "share")?.party);
        let refresh_id = borrow_bytes(refresh_id, refresh_id_len, "refresh id")?;
        emit_handle(DklsRefresh::new(party, refresh_id)?, out);
        Ok(())
    })
}

/// # Safety
/// `refresh` must be a live refresh handle; `input` valid for `input_len`; out-pointers valid.
#[no_mangle]
pub unsafe extern "C" fn dkls_refresh_phase(
    refresh: *mut DklsRefresh,
    phase: u8,
    input: *const u8,
    input_len: usize,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> *mut DklsError {
    guard(|| {
        require_out(out_ptr, "out_ptr")?;
        require_out(out_len, "out_len")?;
        let refresh = borrow_handle_mut(refresh, "refresh")?;
        let input = borrow_bytes(input, input_len, "input")?;
        emit_buffer(refresh.phase(phase, input)?, out_ptr, out_len);
        Ok(())
    })
}

/// # Safety
/// `refresh` must be a live refresh handle; `input` valid for `input_len`; `out` valid.
#[no_mangle]
pub unsafe extern "C" fn dkls_refresh_finish(
    refresh: *mut DklsRefresh,
    input: *const u8,
    input_len: usize,
    out: *mut *mut DklsShare,
) -> *mut DklsError {
    guard(|| {
        require_out(out, "out")?;
        let refresh = borrow_handle_mut(refresh, "refresh")?;
        let input = borrow_bytes(input, input_len, "input")?;
        emit_handle(refresh.finish(input)?, out);
        Ok(())
    })
}

/// # Safety
/// `refresh` must be NULL or a refresh handle not freed before.
#[no_mangle]
pub unsafe extern "C" fn dkls_refresh_free(refresh: *mut DklsRefresh) {
    release_handle(refresh);
}
