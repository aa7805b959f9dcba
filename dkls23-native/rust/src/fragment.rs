//! The one message type the shim adds: a polynomial fragment (DKG and refresh phase 1).
//!
//! Upstream returns phase-1 fragments as bare scalars, one per party, without a frame tag.
//! They are secret point-to-point values; the enclave layer encrypts them for the recipient.

use dkls23_core::protocols::messages::MessageTag;
use k256::Scalar;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct PolyFragment {
    pub value: Scalar,
}

impl MessageTag for PolyFragment {
    /// Outside the tag ranges upstream uses (0x01–0x06 DKG, 0x10s signing, 0x20s refresh).
    const TAG: u8 = 0x40;
}
