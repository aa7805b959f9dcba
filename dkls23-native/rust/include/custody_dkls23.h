/*
 * custody_dkls23 — the C ABI of Custody's shim over the DKLs23 crates (dkls23-secp256k1 0.5.x).
 *
 * Conventions (libsignal style):
 *  - Every fallible function returns NULL on success, or an owned DklsError* that the caller frees
 *    with dkls_error_free. Results are written through out-pointers, only on success.
 *  - Inputs are borrowed for the duration of the call. Outputs are owned by the caller:
 *    byte buffers are freed with dkls_buffer_free (which zeroes them first), handles with their
 *    own *_free function. Every *_free accepts NULL.
 *  - Every entry point runs inside catch_unwind: a Rust panic becomes DKLS_ERR_PANIC, never an abort.
 *  - Handles are not thread-safe; the caller serialises calls on one handle.
 *  - Error messages never contain secret material.
 *
 * Message lists (inputs and outputs of the phase functions) use one encoding:
 *     u32 BE count, then per message: u8 from, u8 to (0 = broadcast), u32 BE length, payload.
 * Payloads are opaque: upstream PhaseOutput frames (tag + length + bincode). Party indices are 1..n.
 */
#ifndef CUSTODY_DKLS23_H
#define CUSTODY_DKLS23_H

#include <stddef.h>
#include <stdint.h>

/* 2: adds dkls_share_chain_code. */
#define DKLS_ABI_VERSION 2u

/* Stable error codes. Never renumber; only append. */
#define DKLS_ERR_INVALID_ARGUMENT 1u    /* null pointer, bad t/n/index, bad length */
#define DKLS_ERR_PHASE_ORDER 2u         /* phase called out of order, or session already finished */
#define DKLS_ERR_MALFORMED_MESSAGE 3u   /* undecodable, truncated or empty message or message list */
#define DKLS_ERR_UNEXPECTED_MESSAGE 4u  /* sender outside the session, duplicate, missing, wrong recipient or kind */
#define DKLS_ERR_PROTOCOL_ABORT 5u      /* the protocol aborted; culprit set when upstream names one */
#define DKLS_ERR_CHEATING_PARTY 6u      /* upstream BanCounterparty: culprit must be banned until a complete refresh */
#define DKLS_ERR_INVALID_SHARE 7u       /* a serialized key share that does not decode or is inconsistent */
#define DKLS_ERR_DERIVATION 8u          /* BIP-32 derivation failed */
#define DKLS_ERR_PANIC 9u               /* a panic caught at the boundary */

typedef struct DklsError {
    uint32_t code;
    uint32_t culprit;  /* party index named by the abort, 0 when none */
    char *message;     /* NUL-terminated, UTF-8, owned by the error */
} DklsError;

typedef struct DklsDkg DklsDkg;
typedef struct DklsSign DklsSign;
typedef struct DklsRefresh DklsRefresh;
typedef struct DklsShare DklsShare;

uint32_t dkls_abi_version(void);
/* Number of live handles of all kinds (for leak checks in tests). */
uint64_t dkls_live_handles(void);
void dkls_error_free(DklsError *err);
void dkls_buffer_free(uint8_t *ptr, size_t len);

/* DKG: phases 1..3 return outbound messages; finish (phase 4) returns the key share. */
DklsError *dkls_dkg_new(uint8_t threshold, uint8_t share_count, uint8_t party_index,
                        const uint8_t *session_id, size_t session_id_len, DklsDkg **out);
DklsError *dkls_dkg_phase(DklsDkg *dkg, uint8_t phase, const uint8_t *in, size_t in_len,
                          uint8_t **out_ptr, size_t *out_len);
DklsError *dkls_dkg_finish(DklsDkg *dkg, const uint8_t *in, size_t in_len, DklsShare **out);
void dkls_dkg_free(DklsDkg *dkg);

/* Signing among `threshold` parties: counterparties are the other t-1 party indices. */
DklsError *dkls_sign_new(const DklsShare *share, const uint8_t *sign_id, size_t sign_id_len,
                         const uint8_t *counterparties, size_t counterparties_len,
                         const uint8_t *message_hash, size_t message_hash_len, DklsSign **out);
DklsError *dkls_sign_phase(DklsSign *sign, uint8_t phase, const uint8_t *in, size_t in_len,
                           uint8_t **out_ptr, size_t *out_len);
/* Writes r (32) || s (32) || recovery id (1); s is normalised to the lower half. */
DklsError *dkls_sign_finish(DklsSign *sign, const uint8_t *in, size_t in_len, uint8_t *out_sig65);
void dkls_sign_free(DklsSign *sign);

/* Complete refresh among all n parties: same public key, new shares, new multiplication setup. */
DklsError *dkls_refresh_new(const DklsShare *share, const uint8_t *refresh_id, size_t refresh_id_len,
                            DklsRefresh **out);
DklsError *dkls_refresh_phase(DklsRefresh *refresh, uint8_t phase, const uint8_t *in, size_t in_len,
                              uint8_t **out_ptr, size_t *out_len);
DklsError *dkls_refresh_finish(DklsRefresh *refresh, const uint8_t *in, size_t in_len, DklsShare **out);
void dkls_refresh_free(DklsRefresh *refresh);

/* Key shares. The serialized form is SECRET. */
DklsError *dkls_share_serialize(const DklsShare *share, uint8_t **out_ptr, size_t *out_len);
DklsError *dkls_share_deserialize(const uint8_t *in, size_t in_len, DklsShare **out);
DklsError *dkls_share_info(const DklsShare *share, uint8_t *out_threshold, uint8_t *out_share_count,
                           uint8_t *out_party_index);
/* SEC1 compressed public key, 33 bytes. */
DklsError *dkls_share_public_key(const DklsShare *share, uint8_t *out33);
/* The BIP-32 chain code, 32 bytes: the same at every party, kept by a refresh. Public. */
DklsError *dkls_share_chain_code(const DklsShare *share, uint8_t *out32);
/* ASCII strings: EIP-55 checksummed Ethereum address; Bitcoin P2WPKH mainnet address (bc1q...). */
DklsError *dkls_share_eth_address(const DklsShare *share, uint8_t **out_ptr, size_t *out_len);
DklsError *dkls_share_btc_address(const DklsShare *share, uint8_t **out_ptr, size_t *out_len);
/* BIP-32 non-hardened child (child_number < 2^31). */
DklsError *dkls_share_derive_child(const DklsShare *share, uint32_t child_number, DklsShare **out);
void dkls_share_free(DklsShare *share);

#endif
