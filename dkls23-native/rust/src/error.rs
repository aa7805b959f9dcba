//! Stable error codes and the one place where upstream aborts become them.

use std::ffi::{c_char, CString};

use dkls23_core::protocols::{Abort, AbortKind, AbortReason};

/// Stable numeric codes shared with the Java binding. Never renumber; only append.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidArgument = 1,
    PhaseOrder = 2,
    MalformedMessage = 3,
    UnexpectedMessage = 4,
    ProtocolAbort = 5,
    CheatingParty = 6,
    InvalidShare = 7,
    Derivation = 8,
    Panic = 9,
}

/// The error object handed across the ABI; freed with `dkls_error_free`.
#[repr(C)]
pub struct DklsError {
    pub code: u32,
    /// Party index named by the abort, 0 when none.
    pub culprit: u32,
    pub message: *mut c_char,
}

/// An error inside the shim. Messages carry public facts only (indices, phases, reasons).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShimError {
    pub code: ErrorCode,
    pub culprit: u8,
    pub message: String,
}

pub type ShimResult<T> = Result<T, ShimError>;

impl ShimError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ShimError { code, culprit: 0, message: message.into() }
    }

    pub fn blaming(code: ErrorCode, culprit: u8, message: impl Into<String>) -> Self {
        ShimError { code, culprit, message: message.into() }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidArgument, message)
    }

    pub fn phase_order(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::PhaseOrder, message)
    }

    pub fn malformed(sender: u8, message: impl Into<String>) -> Self {
        Self::blaming(ErrorCode::MalformedMessage, sender, message)
    }

    pub fn unexpected(sender: u8, message: impl Into<String>) -> Self {
        Self::blaming(ErrorCode::UnexpectedMessage, sender, message)
    }

    /// Maps an upstream abort. A `BanCounterparty` abort is always `CheatingParty`.
    pub fn from_abort(context: &str, abort: &Abort) -> Self {
        let message = format!("{context}: {}", abort.description());
        if let AbortKind::BanCounterparty(culprit) = abort.kind {
            return Self::blaming(ErrorCode::CheatingParty, culprit.as_u8(), message);
        }
        let (code, culprit) = classify(&abort.reason);
        Self::blaming(code, culprit, message)
    }

    pub fn into_raw(self) -> *mut DklsError {
        // Interior NULs cannot occur in our messages; replace defensively rather than fail.
        let text = CString::new(self.message.replace('\0', " "))
            .unwrap_or_else(|_| CString::new("error").expect("static text"));
        Box::into_raw(Box::new(DklsError {
            code: self.code as u32,
            culprit: u32::from(self.culprit),
            message: text.into_raw(),
        }))
    }
}

/// Code and culprit for a recoverable abort reason.
fn classify(reason: &AbortReason) -> (ErrorCode, u8) {
    use AbortReason as R;
    match reason {
        R::PhaseCalledOutOfOrder { .. } => (ErrorCode::PhaseOrder, 0),
        R::InvalidPartyIndex { .. }
        | R::WrongCounterpartyCount { .. }
        | R::DuplicateCounterparty { .. }
        | R::SelfInCounterparties
        | R::MissingMulState { .. } => (ErrorCode::InvalidArgument, 0),
        R::MisroutedMessage { .. } | R::WrongMessageCount { .. } => (ErrorCode::UnexpectedMessage, 0),
        R::UnexpectedSender { sender } | R::DuplicateSender { sender } => {
            (ErrorCode::UnexpectedMessage, sender.as_u8())
        }
        R::MissingMessageFromParty { party } => (ErrorCode::UnexpectedMessage, party.as_u8()),
        R::ProofVerificationFailed { counterparty }
        | R::CommitmentMismatch { counterparty }
        | R::TrivialInstancePoint { counterparty }
        | R::OtConsistencyCheckFailed { counterparty }
        | R::MultiplicationVerificationFailed { counterparty, .. }
        | R::GammaUInconsistency { counterparty }
        | R::ZeroShareDecommitFailed { counterparty } => {
            (ErrorCode::ProtocolAbort, counterparty.as_u8())
        }
        R::MissingCommittedPoint { party } | R::ChainCodeCommitmentFailed { party } => {
            (ErrorCode::ProtocolAbort, party.as_u8())
        }
        _ => (ErrorCode::ProtocolAbort, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dkls23_core::protocols::PartyIndex;

    fn idx(i: u8) -> PartyIndex {
        PartyIndex::new(i).unwrap()
    }

    #[test]
    fn ban_abort_is_cheating_with_culprit() {
        let abort = Abort::ban(idx(1), idx(3), AbortReason::OtConsistencyCheckFailed { counterparty: idx(3) });
        let err = ShimError::from_abort("sign phase 2", &abort);
        assert_eq!(err.code, ErrorCode::CheatingParty);
        assert_eq!(err.culprit, 3);
        assert!(err.message.starts_with("sign phase 2: "));
    }

    #[test]
    fn recoverable_abort_names_culprit_when_upstream_does() {
        let abort = Abort::recoverable(idx(2), AbortReason::CommitmentMismatch { counterparty: idx(5) });
        let err = ShimError::from_abort("dkg", &abort);
        assert_eq!((err.code, err.culprit), (ErrorCode::ProtocolAbort, 5));
    }

    #[test]
    fn out_of_order_maps_to_phase_order() {
        let abort = Abort::recoverable(idx(2), AbortReason::PhaseCalledOutOfOrder { phase: "x".into() });
        assert_eq!(ShimError::from_abort("dkg", &abort).code, ErrorCode::PhaseOrder);
    }
}
