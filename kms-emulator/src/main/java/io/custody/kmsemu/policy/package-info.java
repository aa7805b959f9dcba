/**
 * The supported subset of the IAM policy language for key policies (see the module README).
 *
 * <p>Invariants: an applicable Deny wins over any Allow; no applicable Allow means deny; policy
 * features the emulator does not implement are refused at parse time, never ignored.
 */
package io.custody.kmsemu.policy;
