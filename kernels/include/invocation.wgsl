// include/invocation.wgsl: the invocation index of a kernel dispatched as a 2-D grid of
// workgroups (x, y, 1) with x = min(groups, 65535), y = ceil(groups / x), so that more than
// 65535 workgroups fit.
//   struct Invocation: the builtins, taken by an entry point as its one parameter
//     (fn main(inv: Invocation)): wid (workgroup_id), nwg (num_workgroups) and
//     lid (local_invocation_index).
//   workgroupIndex(inv) = wid.y * nwg.x + wid.x, the workgroup's index in the grid.
//   invocationIndex(inv, size) = workgroupIndex(inv) * size + lid, for workgroups of
//     size x 1 x 1 (size as in @workgroup_size).
// No bindings, no overrides.

struct Invocation {
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
}

fn workgroupIndex(inv: Invocation) -> u32 {
  return inv.wid.y * inv.nwg.x + inv.wid.x;
}

fn invocationIndex(inv: Invocation, size: u32) -> u32 {
  return workgroupIndex(inv) * size + inv.lid;
}
