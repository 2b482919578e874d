/**
 * The dispatch grid of a 1-D kernel: how many workgroups, spilled into y past the
 * per-dimension limit; the kernels' side is `invocationIndex` in
 * kernels/include/invocation.wgsl.
 *
 * @example
 * grid1d(100_000); // [1563, 1, 1]
 * grid1d(10_000_000); // [52084, 3, 1]
 * @module
 */

/**
 * Workgroup counts for `n` invocations of a 1-D kernel with `size` threads per group,
 * spilling into y when x would pass the per-dimension limit. Kernels compute
 * `id = (wid.y * nwg.x + wid.x) * size + lid.x` and return when `id >= n`.
 */
export function grid1d(n: number, size = 64, maxPerDim = 65535): [number, number, number] {
  const groups = Math.ceil(n / size);
  if (groups <= maxPerDim) return [groups, 1, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y, 1];
}
