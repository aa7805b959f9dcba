//! Drives the C ABI exactly as a foreign caller would: DKG, signing, refresh, derivation and
//! serialisation among in-process parties, routing the encoded message lists by hand.

use std::ptr;

use custody_dkls23::*;

struct Msg {
    from: u8,
    to: u8,
    payload: Vec<u8>,
}

fn decode(bytes: &[u8]) -> Vec<Msg> {
    let count = u32::from_be_bytes(bytes[0..4].try_into().unwrap()) as usize;
    let mut at = 4;
    let mut out = Vec::new();
    for _ in 0..count {
        let len = u32::from_be_bytes(bytes[at + 2..at + 6].try_into().unwrap()) as usize;
        out.push(Msg { from: bytes[at], to: bytes[at + 1], payload: bytes[at + 6..at + 6 + len].to_vec() });
        at += 6 + len;
    }
    assert_eq!(at, bytes.len());
    out
}

fn encode(messages: &[&Msg]) -> Vec<u8> {
    let mut out = (messages.len() as u32).to_be_bytes().to_vec();
    for m in messages {
        out.push(m.from);
        out.push(m.to);
        out.extend_from_slice(&(m.payload.len() as u32).to_be_bytes());
        out.extend_from_slice(&m.payload);
    }
    out
}

/// Messages of `all` that party `me` should receive.
fn inbox(all: &[Msg], me: u8) -> Vec<u8> {
    let mine: Vec<&Msg> = all.iter().filter(|m| m.from != me && (m.to == 0 || m.to == me)).collect();
    encode(&mine)
}

fn ok(err: *mut DklsError) {
    if !err.is_null() {
        let (code, message) = unsafe { ((*err).code, std::ffi::CStr::from_ptr((*err).message).to_string_lossy().into_owned()) };
        unsafe { dkls_error_free(err) };
        panic!("error {code}: {message}");
    }
}

fn code_of(err: *mut DklsError) -> u32 {
    assert!(!err.is_null(), "expected an error");
    let code = unsafe { (*err).code };
    unsafe { dkls_error_free(err) };
    code
}

fn take_buffer(ptr: *mut u8, len: usize) -> Vec<u8> {
    let copy = unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec();
    unsafe { dkls_buffer_free(ptr, len) };
    copy
}

fn dkg(t: u8, n: u8, sid: &[u8]) -> Vec<*mut DklsShare> {
    let mut handles: Vec<*mut DklsDkg> = Vec::new();
    for i in 1..=n {
        let mut h = ptr::null_mut();
        ok(unsafe { dkls_dkg_new(t, n, i, sid.as_ptr(), sid.len(), &mut h) });
        handles.push(h);
    }
    let mut round: Vec<Msg> = Vec::new();
    for phase in 1..=3u8 {
        let mut next = Vec::new();
        for (k, &h) in handles.iter().enumerate() {
            let input = if phase == 1 { Vec::new() } else { inbox(&round, k as u8 + 1) };
            let (mut p, mut l) = (ptr::null_mut(), 0);
            ok(unsafe { dkls_dkg_phase(h, phase, input.as_ptr(), input.len(), &mut p, &mut l) });
            next.extend(decode(&take_buffer(p, l)));
        }
        round = next;
    }
    let mut shares = Vec::new();
    for (k, &h) in handles.iter().enumerate() {
        let input = inbox(&round, k as u8 + 1);
        let mut share = ptr::null_mut();
        ok(unsafe { dkls_dkg_finish(h, input.as_ptr(), input.len(), &mut share) });
        unsafe { dkls_dkg_free(h) };
        shares.push(share);
    }
    shares
}

fn sign(shares: &[*mut DklsShare], quorum: &[u8], hash: &[u8; 32]) -> Result<[u8; 65], u32> {
    let mut handles = Vec::new();
    for &me in quorum {
        let others: Vec<u8> = quorum.iter().copied().filter(|&p| p != me).collect();
        let mut h = ptr::null_mut();
        ok(unsafe {
            dkls_sign_new(shares[me as usize - 1], b"sign-1".as_ptr(), 6, others.as_ptr(), others.len(), hash.as_ptr(), 32, &mut h)
        });
        handles.push((me, h));
    }
    let mut round: Vec<Msg> = Vec::new();
    let mut result = Ok([0u8; 65]);
    'phases: for phase in 1..=3u8 {
        let mut next = Vec::new();
        for &(me, h) in &handles {
            let input = if phase == 1 { Vec::new() } else { inbox(&round, me) };
            let (mut p, mut l) = (ptr::null_mut(), 0);
            let err = unsafe { dkls_sign_phase(h, phase, input.as_ptr(), input.len(), &mut p, &mut l) };
            if !err.is_null() {
                result = Err(code_of(err));
                break 'phases;
            }
            next.extend(decode(&take_buffer(p, l)));
        }
        round = next;
    }
    if result.is_ok() {
        let mut first: Option<[u8; 65]> = None;
        for &(me, h) in &handles {
            let input = inbox(&round, me);
            let mut sig = [0u8; 65];
            let err = unsafe { dkls_sign_finish(h, input.as_ptr(), input.len(), sig.as_mut_ptr()) };
            if !err.is_null() {
                result = Err(code_of(err));
                break;
            }
            assert!(first.is_none_or(|f| f == sig), "parties disagree on the signature");
            first = Some(sig);
            result = Ok(sig);
        }
    }
    for (_, h) in handles {
        unsafe { dkls_sign_free(h) };
    }
    result
}

fn refresh(shares: &[*mut DklsShare]) -> Vec<*mut DklsShare> {
    let handles: Vec<*mut DklsRefresh> = shares
        .iter()
        .map(|&s| {
            let mut h = ptr::null_mut();
            ok(unsafe { dkls_refresh_new(s, b"refresh-1".as_ptr(), 9, &mut h) });
            h
        })
        .collect();
    let mut round: Vec<Msg> = Vec::new();
    for phase in 1..=3u8 {
        let mut next = Vec::new();
        for (k, &h) in handles.iter().enumerate() {
            let input = if phase == 1 { Vec::new() } else { inbox(&round, k as u8 + 1) };
            let (mut p, mut l) = (ptr::null_mut(), 0);
            ok(unsafe { dkls_refresh_phase(h, phase, input.as_ptr(), input.len(), &mut p, &mut l) });
            next.extend(decode(&take_buffer(p, l)));
        }
        round = next;
    }
    handles
        .iter()
        .enumerate()
        .map(|(k, &h)| {
            let input = inbox(&round, k as u8 + 1);
            let mut share = ptr::null_mut();
            ok(unsafe { dkls_refresh_finish(h, input.as_ptr(), input.len(), &mut share) });
            unsafe { dkls_refresh_free(h) };
            share
        })
        .collect()
}

fn public_key(share: *mut DklsShare) -> [u8; 33] {
    let mut key = [0u8; 33];
    ok(unsafe { dkls_share_public_key(share, key.as_mut_ptr()) });
    key
}

fn chain_code(share: *mut DklsShare) -> [u8; 32] {
    let mut code = [0u8; 32];
    ok(unsafe { dkls_share_chain_code(share, code.as_mut_ptr()) });
    code
}

fn free_all(shares: Vec<*mut DklsShare>) {
    shares.into_iter().for_each(|s| unsafe { dkls_share_free(s) });
}

#[test]
fn dkg_sign_refresh_derive_serialize() {
    let shares = dkg(3, 5, b"wallet-a");
    let key = public_key(shares[0]);
    assert!(shares.iter().all(|&s| public_key(s) == key));
    let code = chain_code(shares[0]);
    assert_ne!(code, [0u8; 32]);
    assert!(shares.iter().all(|&s| chain_code(s) == code), "the DKG agrees on one chain code");

    let hash = [7u8; 32];
    sign(&shares, &[1, 3, 5], &hash).expect("quorum 1,3,5 signs");
    sign(&shares, &[2, 4, 5], &hash).expect("quorum 2,4,5 signs");

    let fresh = refresh(&shares);
    assert!(fresh.iter().all(|&s| public_key(s) == key));
    assert!(fresh.iter().all(|&s| chain_code(s) == code), "a refresh keeps the chain code");
    sign(&fresh, &[1, 2, 3], &hash).expect("refreshed shares sign");
    let mixed = vec![shares[0], fresh[1], fresh[2]];
    assert!(sign(&mixed, &[1, 2, 3], &hash).is_err(), "old and new shares must not sign together");

    let children: Vec<*mut DklsShare> = shares
        .iter()
        .map(|&s| {
            let mut child = ptr::null_mut();
            ok(unsafe { dkls_share_derive_child(s, 7, &mut child) });
            child
        })
        .collect();
    assert_ne!(public_key(children[0]), key);
    assert_ne!(chain_code(children[0]), code);
    assert!(children.iter().all(|&s| chain_code(s) == chain_code(children[0])));
    sign(&children, &[2, 3, 4], &hash).expect("derived shares sign");

    let (mut p, mut l) = (ptr::null_mut(), 0);
    ok(unsafe { dkls_share_serialize(shares[0], &mut p, &mut l) });
    let bytes = take_buffer(p, l);
    let mut restored = ptr::null_mut();
    ok(unsafe { dkls_share_deserialize(bytes.as_ptr(), bytes.len(), &mut restored) });
    assert_eq!(public_key(restored), key);
    assert_eq!(chain_code(restored), code);
    assert_eq!(code_of(unsafe { dkls_share_deserialize(bytes.as_ptr(), bytes.len() - 1, &mut restored) }), 7);
    unsafe { dkls_share_free(restored) };

    free_all(shares);
    free_all(fresh);
    free_all(children);
}

#[test]
fn bad_calls_fail_with_codes() {
    let mut h = ptr::null_mut();
    assert_eq!(code_of(unsafe { dkls_dkg_new(4, 3, 1, b"s".as_ptr(), 1, &mut h) }), 1);
    assert_eq!(code_of(unsafe { dkls_dkg_new(2, 3, 4, b"s".as_ptr(), 1, &mut h) }), 1);
    ok(unsafe { dkls_dkg_new(2, 3, 1, b"s".as_ptr(), 1, &mut h) });
    let (mut p, mut l) = (ptr::null_mut(), 0);
    assert_eq!(code_of(unsafe { dkls_dkg_phase(h, 2, ptr::null(), 0, &mut p, &mut l) }), 2);
    assert_eq!(code_of(unsafe { dkls_dkg_phase(h, 1, ptr::null(), 0, &mut p, &mut l) }), 2, "closed after an error");
    unsafe { dkls_dkg_free(h) };
    assert_eq!(code_of(unsafe { dkls_dkg_phase(ptr::null_mut(), 1, ptr::null(), 0, &mut p, &mut l) }), 1);
}
