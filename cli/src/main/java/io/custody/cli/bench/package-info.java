/**
 * {@code custodyctl bench}: a closed-loop load generator for the control plane's gRPC API
 * ({@link io.custody.cli.bench.LoadGenerator}), its latency figures
 * ({@link io.custody.cli.bench.LatencyStats}, nearest-rank percentiles), the printed table
 * ({@link io.custody.cli.bench.BenchReport}) and the in-process signing figure it compares against
 * ({@link io.custody.cli.bench.InProcessFigure}, measured by {@code bench}'s {@code InProcessSign}:
 * custodyctl does not link the native binding).
 *
 * <p>Invariant: every measured signature is verified independently (BouncyCastle) before any figure
 * is printed; a failed or unverifiable request fails the run instead of being counted.
 */
package io.custody.cli.bench;
