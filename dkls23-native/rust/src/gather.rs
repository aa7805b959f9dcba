//! Decoding of the initialisation messages DKG and complete refresh share, each checked
//! against the relay's routing before upstream sees it.

use dkls23_core::protocols::dkg::{
    ProofCommitment, TransmitInitMulPhase3to4, TransmitInitZeroSharePhase2to4, TransmitInitZeroSharePhase3to4,
};
use k256::{Scalar, Secp256k1};
use zeroize::Zeroizing;

use crate::error::{ShimError, ShimResult};
use crate::fragment::PolyFragment;
use crate::wire::{check_parties, Inbound, Outbound};

/// Sends fragment `j` of `fragments` to party `j`; returns our own fragment.
pub fn send_fragments(out: &mut Outbound, me: u8, fragments: Vec<Scalar>) -> ShimResult<Zeroizing<Scalar>> {
    let mut fragments = Zeroizing::new(fragments);
    let mut own = Zeroizing::new(Scalar::ZERO);
    for (position, value) in fragments.iter().enumerate() {
        let to = u8::try_from(position + 1).map_err(|_| ShimError::invalid("too many parties"))?;
        if to == me {
            *own = *value;
        } else {
            out.p2p(to, &PolyFragment { value: *value })?;
        }
    }
    fragments.iter_mut().for_each(|v| *v = Scalar::ZERO);
    Ok(own)
}

/// All n fragments in party order, ours included.
pub fn receive_fragments(inbound: &Inbound, me: u8, n: u8, own: &Scalar) -> ShimResult<Zeroizing<Vec<Scalar>>> {
    let mut fragments = Zeroizing::new(Vec::with_capacity(usize::from(n)));
    for party in 1..=n {
        if party == me {
            fragments.push(*own);
        } else {
            fragments.push(inbound.p2p::<PolyFragment>(party)?.value);
        }
    }
    Ok(fragments)
}

pub fn proof(inbound: &Inbound, from: u8) -> ShimResult<ProofCommitment<Secp256k1>> {
    let proof: ProofCommitment<Secp256k1> = inbound.broadcast(from)?;
    if proof.index.as_u8() != from {
        return Err(ShimError::unexpected(from, format!("proof from party {from} claims party {}", proof.index)));
    }
    Ok(proof)
}

pub fn zero_phase2(inbound: &Inbound, from: u8, me: u8) -> ShimResult<TransmitInitZeroSharePhase2to4> {
    let message: TransmitInitZeroSharePhase2to4 = inbound.p2p(from)?;
    check_parties(from, me, message.parties.sender.as_u8(), message.parties.receiver.as_u8())?;
    Ok(message)
}

pub fn zero_phase3(inbound: &Inbound, from: u8, me: u8) -> ShimResult<TransmitInitZeroSharePhase3to4> {
    let message: TransmitInitZeroSharePhase3to4 = inbound.p2p(from)?;
    check_parties(from, me, message.parties.sender.as_u8(), message.parties.receiver.as_u8())?;
    Ok(message)
}

pub fn mul_phase3(inbound: &Inbound, from: u8, me: u8) -> ShimResult<TransmitInitMulPhase3to4<Secp256k1>> {
    let message: TransmitInitMulPhase3to4<Secp256k1> = inbound.p2p(from)?;
    check_parties(from, me, message.parties.sender.as_u8(), message.parties.receiver.as_u8())?;
    Ok(message)
}
