/**
 * gRPC adapters: validation (before any read or write), authentication of signed requests,
 * mapping of stored records to wire messages, and the one place errors become statuses
 * ({@link io.custody.control.api.ApiErrors}). Generated protobuf types stay here and in nats/.
 */
package io.custody.control.api;
