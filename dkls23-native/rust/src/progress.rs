//! Phase bookkeeping shared by every session handle: phases run strictly 1, 2, 3, 4, and any
//! error (or panic) leaves the session closed for good — it fails closed, never half-retried.

use crate::error::{ShimError, ShimResult};

pub struct Progress {
    protocol: &'static str,
    /// The phase that may run next; 0 once finished or failed.
    next: u8,
}

pub const LAST_PHASE: u8 = 4;

impl Progress {
    pub fn new(protocol: &'static str) -> Self {
        Progress { protocol, next: 1 }
    }

    /// Admits `phase` if it is the next one. The session stays closed until [`Progress::end`]
    /// reports success, so a panic inside the phase leaves it closed.
    pub fn begin(&mut self, phase: u8) -> ShimResult<()> {
        let expected = self.next;
        self.next = 0;
        if expected == 0 {
            return Err(ShimError::phase_order(format!(
                "{} session is finished or failed; start a new session",
                self.protocol
            )));
        }
        if phase != expected {
            return Err(ShimError::phase_order(format!(
                "{} phase {phase} called, expected phase {expected}; session closed",
                self.protocol
            )));
        }
        Ok(())
    }

    /// Admits a message-returning phase (1..3); phase 4 runs only through `finish`.
    pub fn begin_step(&mut self, phase: u8) -> ShimResult<()> {
        if phase == 0 || phase >= LAST_PHASE {
            self.next = 0;
            return Err(ShimError::phase_order(format!(
                "{} phase {phase} is not a message phase (1..3; phase 4 is finish); session closed",
                self.protocol
            )));
        }
        self.begin(phase)
    }

    /// Records the outcome of `phase`, prefixing any error with where it happened.
    pub fn end<T>(&mut self, phase: u8, result: ShimResult<T>) -> ShimResult<T> {
        match result {
            Ok(value) => {
                if phase < LAST_PHASE {
                    self.next = phase + 1;
                }
                Ok(value)
            }
            Err(e) => Err(ShimError { message: format!("{} phase {phase}: {}", self.protocol, e.message), ..e }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn phases_run_in_order_and_errors_close() {
        let mut progress = Progress::new("test");
        progress.begin(1).unwrap();
        progress.end(1, Ok(())).unwrap();
        assert_eq!(progress.begin(3).unwrap_err().code, ErrorCode::PhaseOrder);
        assert_eq!(progress.begin(2).unwrap_err().code, ErrorCode::PhaseOrder);
    }

    #[test]
    fn a_failed_phase_closes_the_session() {
        let mut progress = Progress::new("test");
        progress.begin(1).unwrap();
        let failed: ShimResult<()> = progress.end(1, Err(ShimError::invalid("x")));
        assert!(failed.unwrap_err().message.starts_with("test phase 1: "));
        assert_eq!(progress.begin(2).unwrap_err().code, ErrorCode::PhaseOrder);
    }
}
