/**
 * custodyctl as a client of the control plane's gRPC APIs ({@code custody.v1.CustodyService},
 * {@code custody.admin.v1.AdminService}): a plaintext loopback channel for the dev cluster
 * ({@link io.custody.cli.grpc.ControlPlaneClient}) and the Ed25519 keys that sign mutating
 * requests as custody/v1/client_signature.proto specifies ({@link io.custody.cli.grpc.RequestKey}).
 *
 * <p>Invariant: private keys are read from and written to 0600 PEM files only, never printed.
 */
package io.custody.cli.grpc;
