//! Key shares: the upstream `Party` behind an opaque handle, its serialized form and its
//! public facts (public key, addresses, BIP-32 children).

use std::sync::Arc;

use bincode::Options;
use dkls23_secp256k1::{compute_btc_address, compute_eth_address, Party};
use k256::elliptic_curve::group::GroupEncoding;
use k256::elliptic_curve::point::AffineCoordinates;
use k256::AffinePoint;
use zeroize::Zeroizing;

use crate::boundary::{borrow_bytes, borrow_handle, emit_buffer, emit_handle, guard, release_handle, require_out};
use crate::error::{DklsError, ErrorCode, ShimError, ShimResult};

/// Format tag of a serialized share: magic + version, then bincode of the upstream `Party`.
const SHARE_MAGIC: &[u8; 4] = b"CKS1";
const MAX_SHARE_BYTES: usize = 16 * 1024 * 1024;
const HARDENED_OFFSET: u32 = 1 << 31;

/// A key share handle. Sessions hold an `Arc` so freeing the share never invalidates them.
pub struct DklsShare {
    pub party: Arc<Party>,
}

impl DklsShare {
    pub fn new(party: Party) -> Self {
        DklsShare { party: Arc::new(party) }
    }
}

pub fn serialize(party: &Party) -> ShimResult<Vec<u8>> {
    let body = Zeroizing::new(
        bincode::serialize(party).map_err(|_| ShimError::new(ErrorCode::InvalidShare, "share does not serialize"))?,
    );
    let mut out = Vec::with_capacity(SHARE_MAGIC.len() + body.len());
    out.extend_from_slice(SHARE_MAGIC);
    out.extend_from_slice(&body);
    Ok(out)
}

pub fn deserialize(bytes: &[u8]) -> ShimResult<Party> {
    let invalid = |what: &str| ShimError::new(ErrorCode::InvalidShare, format!("serialized share {what}"));
    if bytes.len() > MAX_SHARE_BYTES {
        return Err(invalid("exceeds the size cap"));
    }
    let body = bytes.strip_prefix(SHARE_MAGIC).ok_or_else(|| invalid("has no Custody share header"))?;
    let party: Party = bincode::options()
        .with_fixint_encoding()
        .with_limit(body.len() as u64)
        .deserialize(body)
        .map_err(|_| invalid("does not decode"))?;
    check_consistent(&party).map_err(|reason| invalid(reason))?;
    Ok(party)
}

/// Structural checks a decoded share must pass before any protocol sees it.
fn check_consistent(party: &Party) -> Result<(), &'static str> {
    let (t, n) = (party.parameters.threshold, party.parameters.share_count);
    if t < 2 || t > n {
        return Err("has invalid threshold parameters");
    }
    let me = party.party_index.as_u8();
    if me == 0 || me > n {
        return Err("has a party index outside 1..n");
    }
    if party.pk == AffinePoint::IDENTITY || party.pk != party.derivation_data.pk {
        return Err("has an inconsistent public key");
    }
    let others = (1..=n).filter(|&p| p != me);
    let complete = others.clone().all(|p| party.mul_senders.keys().any(|k| k.as_u8() == p))
        && others.clone().all(|p| party.mul_receivers.keys().any(|k| k.as_u8() == p))
        && party.mul_senders.len() == usize::from(n - 1)
        && party.mul_receivers.len() == usize::from(n - 1);
    if !complete {
        return Err("lacks the multiplication setup for its peers");
    }
    Ok(())
}

pub fn public_key(party: &Party) -> [u8; 33] {
    let encoded = party.pk.to_bytes();
    let mut out = [0u8; 33];
    out.copy_from_slice(encoded.as_ref());
    debug_assert!(out[0] == 2 + u8::from(bool::from(party.pk.y_is_odd())));
    out
}

/// The BIP-32 chain code the DKG agreed on (every party's is the same; a refresh keeps it, a
/// derivation replaces it with the child's). Public: with the public key it is the xpub.
pub fn chain_code(party: &Party) -> [u8; 32] {
    party.derivation_data.chain_code
}

pub fn derive_child(party: &Party, child_number: u32) -> ShimResult<Party> {
    if child_number >= HARDENED_OFFSET {
        return Err(ShimError::invalid("hardened derivation is not supported: child number must be < 2^31"));
    }
    party
        .derive_child(child_number, compute_eth_address)
        .map_err(|e| ShimError::new(ErrorCode::Derivation, format!("BIP-32 derivation failed: {}", e.description)))
}

/// # Safety
/// `share` must be a live share handle; `out_ptr`/`out_len` valid out-pointers.
#[no_mangle]
pub unsafe extern "C" fn dkls_share_serialize(
    share: *const DklsShare,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> *mut DklsError {
    guard(|| {
        require_out(out_ptr, "out_ptr")?;
        require_out(out_len, "out_len")?;
        let share = borrow_handle(share, "share")?;
        emit_buffer(serialize(&share.party)?, out_ptr, out_len);
        Ok(())
    })
}

/// # Safety
/// `input` must be valid for `input_len` bytes; `out` a valid out-pointer.
#[no_mangle]
pub unsafe extern "C" fn dkls_share_deserialize(
    input: *const u8,
    input_len: usize,
    out: *mut *mut DklsShare,
) -> *mut DklsError {
    guard(|| {
        require_out(out, "out")?;
        let bytes = borrow_bytes(input, input_len, "serialized share")?;
        if bytes.is_empty() {
            return Err(ShimError::new(ErrorCode::InvalidShare, "serialized share is empty"));
        }
        emit_handle(DklsShare::new(deserialize(bytes)?), out);
        Ok(())
    })
}

/// # Safety
/// `share` must be a live share handle; the out-pointers valid.
#[no_mangle]
pub unsafe extern "C" fn dkls_share_info(
    share: *const DklsShare,
    out_threshold: *mut u8,
    out_share_count: *mut u8,
    out_party_index: *mut u8,
) -> *mut DklsError {
    guard(|| {
        require_out(out_threshold, "out_threshold")?;
        require_out(out_share_count, "out_share_count")?;
        require_out(out_party_index, "out_party_index")?;
        let party = &borrow_handle(share, "share")?.party;
        *out_threshold = party.parameters.threshold;
        *out_share_count = party.parameters.share_count;
        *out_party_index = party.party_index.as_u8();
        Ok(())
    })
}

/// # Safety
/// `share` must be a live share handle; `out33` valid for 33 bytes.
#[no_mangle]
pub unsafe extern "C" fn dkls_share_public_key(share: *const DklsShare, out33: *mut u8) -> *mut DklsError {
    guard(|| {
        require_out(out33, "out33")?;
        let key = public_key(&borrow_handle(share, "share")?.party);
        std::ptr::copy_nonoverlapping(key.as_ptr(), out33, key.len());
        Ok(())
    })
}

/// # Safety
/// `share` must be a live share handle; `out32` valid for 32 bytes.
#[no_mangle]
pub unsafe extern "C" fn dkls_share_chain_code(share: *const DklsShare, out32: *mut u8) -> *mut DklsError {
    guard(|| {
        require_out(out32, "out32")?;
        let code = chain_code(&borrow_handle(share, "share")?.party);
        std::ptr::copy_nonoverlapping(code.as_ptr(), out32, code.len());
        Ok(())
    })
}

/// # Safety
/// `share` must be a live share handle; `out_ptr`/`out_len` valid out-pointers.
#[no_mangle]
pub unsafe extern "C" fn dkls_share_eth_address(
    share: *const DklsShare,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> *mut DklsError {
    guard(|| {
        require_out(out_ptr, "out_ptr")?;
        require_out(out_len, "out_len")?;
        let party = &borrow_handle(share, "share")?.party;
        emit_buffer(compute_eth_address(&party.pk).into_bytes(), out_ptr, out_len);
        Ok(())
    })
}

/// # Safety
/// `share` must be a live share handle; `out_ptr`/`out_len` valid out-pointers.
#[no_mangle]
pub unsafe extern "C" fn dkls_share_btc_address(
    share: *const DklsShare,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> *mut DklsError {
    guard(|| {
        require_out(out_ptr, "out_ptr")?;
        require_out(out_len, "out_len")?;
        let party = &borrow_handle(share, "share")?.party;
        emit_buffer(compute_btc_address(&party.pk).into_bytes(), out_ptr, out_len);
        Ok(())
    })
}

/// # Safety
/// `share` must be a live share handle; `out` a valid out-pointer.
#[no_mangle]
pub unsafe extern "C" fn dkls_share_derive_child(
    share: *const DklsShare,
    child_number: u32,
    out: *mut *mut DklsShare,
) -> *mut DklsError {
    guard(|| {
        require_out(out, "out")?;
        let child = derive_child(&borrow_handle(share, "share")?.party, child_number)?;
        emit_handle(DklsShare::new(child), out);
        Ok(())
    })
}

/// # Safety
/// `share` must be NULL or a share handle not freed before.
#[no_mangle]
pub unsafe extern "C" fn dkls_share_free(share: *mut DklsShare) {
    release_handle(share);
}
