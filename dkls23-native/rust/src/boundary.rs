//! The ABI boundary: panic containment, borrowed inputs, owned outputs, handle accounting.

use std::ffi::CString;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};

use zeroize::Zeroize;

use crate::error::{DklsError, ErrorCode, ShimError, ShimResult};

pub const ABI_VERSION: u32 = 2;

static LIVE_HANDLES: AtomicU64 = AtomicU64::new(0);

/// Runs `body`, turning an error or a panic into an owned `DklsError*` (NULL on success).
pub fn guard(body: impl FnOnce() -> ShimResult<()>) -> *mut DklsError {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => ptr::null_mut(),
        Ok(Err(error)) => error.into_raw(),
        Err(_) => ShimError::new(ErrorCode::Panic, "internal panic caught at the FFI boundary").into_raw(),
    }
}

/// Borrows `len` bytes at `ptr`; an empty input may be NULL.
///
/// # Safety
/// `ptr` must be valid for `len` bytes for the duration of the call.
pub unsafe fn borrow_bytes<'a>(ptr: *const u8, len: usize, what: &str) -> ShimResult<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(ShimError::invalid(format!("{what} is NULL with length {len}")));
    }
    Ok(std::slice::from_raw_parts(ptr, len))
}

/// Borrows a handle, refusing NULL.
///
/// # Safety
/// `handle` must be NULL or a live handle of type `T` created by this library.
pub unsafe fn borrow_handle<'a, T>(handle: *const T, what: &str) -> ShimResult<&'a T> {
    handle.as_ref().ok_or_else(|| ShimError::invalid(format!("{what} handle is NULL")))
}

/// Mutably borrows a handle, refusing NULL.
///
/// # Safety
/// As [`borrow_handle`], and no other reference to it may be live.
pub unsafe fn borrow_handle_mut<'a, T>(handle: *mut T, what: &str) -> ShimResult<&'a mut T> {
    handle.as_mut().ok_or_else(|| ShimError::invalid(format!("{what} handle is NULL")))
}

/// Checks an out-pointer before any work is done, so a NULL never loses a result.
pub fn require_out<T>(out: *mut T, what: &str) -> ShimResult<()> {
    if out.is_null() {
        Err(ShimError::invalid(format!("out-pointer {what} is NULL")))
    } else {
        Ok(())
    }
}

/// Moves `value` to the heap as a counted handle and writes it through `out`.
///
/// # Safety
/// `out` must be a valid, non-NULL out-pointer.
pub unsafe fn emit_handle<T>(value: T, out: *mut *mut T) {
    LIVE_HANDLES.fetch_add(1, Ordering::SeqCst);
    *out = Box::into_raw(Box::new(value));
}

/// Frees a counted handle; NULL is ignored.
///
/// # Safety
/// `handle` must be NULL or a handle from [`emit_handle`] that was not freed before.
pub unsafe fn release_handle<T>(handle: *mut T) {
    if handle.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(handle))));
    LIVE_HANDLES.fetch_sub(1, Ordering::SeqCst);
}

/// Copies `bytes` into an exactly-sized owned buffer, zeroes the source, and writes it out.
///
/// # Safety
/// `out_ptr` and `out_len` must be valid, non-NULL out-pointers.
pub unsafe fn emit_buffer(mut bytes: Vec<u8>, out_ptr: *mut *mut u8, out_len: *mut usize) {
    let owned: Box<[u8]> = bytes.as_slice().into();
    bytes.zeroize();
    *out_len = owned.len();
    *out_ptr = Box::into_raw(owned) as *mut u8;
}

#[no_mangle]
pub extern "C" fn dkls_abi_version() -> u32 {
    ABI_VERSION
}

#[no_mangle]
pub extern "C" fn dkls_live_handles() -> u64 {
    LIVE_HANDLES.load(Ordering::SeqCst)
}

/// # Safety
/// `err` must be NULL or an error returned by this library, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn dkls_error_free(err: *mut DklsError) {
    if err.is_null() {
        return;
    }
    let error = Box::from_raw(err);
    if !error.message.is_null() {
        drop(CString::from_raw(error.message));
    }
}

/// Zeroes and frees a buffer returned by this library.
///
/// # Safety
/// `ptr`/`len` must come from one output buffer of this library, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn dkls_buffer_free(ptr: *mut u8, len: usize) {
    if ptr.is_null() {
        return;
    }
    let mut owned = Box::from_raw(ptr::slice_from_raw_parts_mut(ptr, len));
    owned.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_turns_panic_into_error() {
        let err = guard(|| panic!("boom"));
        assert!(!err.is_null());
        unsafe {
            assert_eq!((*err).code, ErrorCode::Panic as u32);
            dkls_error_free(err);
        }
    }

    #[test]
    fn null_with_length_is_refused() {
        let result = unsafe { borrow_bytes(ptr::null(), 3, "input") };
        assert_eq!(result.unwrap_err().code, ErrorCode::InvalidArgument);
    }
}
