//! Custody's FFI shim over the upstream DKLs23 crates (`dkls23-secp256k1` / `dkls23-core`).
//!
//! The shim owns no cryptography. It turns the crate's typed, phase-by-phase API into a C ABI
//! of opaque handles and byte buffers (see `include/custody_dkls23.h`), validates routing
//! before anything reaches the crate, and makes every failure a stable error code.
//!
//! Every exported function goes through [`boundary::guard`], which catches panics. Any error
//! inside a protocol session moves that session to a failed state: it fails closed and can
//! only be freed.

mod boundary;
mod dkg;
mod error;
mod fragment;
mod gather;
mod progress;
mod refresh;
mod share;
mod sign;
mod wire;

pub use boundary::{dkls_abi_version, dkls_buffer_free, dkls_error_free, dkls_live_handles};
pub use dkg::{DklsDkg, dkls_dkg_finish, dkls_dkg_free, dkls_dkg_new, dkls_dkg_phase};
pub use error::{DklsError, ErrorCode};
pub use refresh::{DklsRefresh, dkls_refresh_finish, dkls_refresh_free, dkls_refresh_new, dkls_refresh_phase};
pub use share::{DklsShare, 
    dkls_share_btc_address, dkls_share_chain_code, dkls_share_derive_child, dkls_share_deserialize,
    dkls_share_eth_address, dkls_share_free, dkls_share_info, dkls_share_public_key,
    dkls_share_serialize,
};
pub use sign::{DklsSign, dkls_sign_finish, dkls_sign_free, dkls_sign_new, dkls_sign_phase};
