/**
 * The Debian packages the test hosts need, and which of them a machine lacks.
 *
 * @example
 * await missingDebianPackages(TEST_PACKAGES); // [] when all are installed, null without dpkg
 * @module
 */

/**
 * mesa-vulkan-drivers: llvmpipe for Deno on Vulkan; chromium: the browser host;
 * libegl-mesa0 and libgl1-mesa-dri: Mesa's GL, for Deno's GL backend, Node's Dawn and
 * Chromium's WebGPU.
 */
export const TEST_PACKAGES: readonly string[] = [
  "mesa-vulkan-drivers",
  "chromium",
  "libegl-mesa0",
  "libgl1-mesa-dri",
];

/**
 * The packages of `names` that dpkg does not list as installed; null when there is no dpkg
 * (not a Debian-like system).
 */
export async function missingDebianPackages(names: readonly string[]): Promise<string[] | null> {
  const missing: string[] = [];
  for (const name of names) {
    let out: Deno.CommandOutput;
    try {
      out = await new Deno.Command("dpkg-query", {
        args: ["-W", "-f=${Status}", name],
        stdout: "piped",
        stderr: "null",
      }).output();
    } catch {
      return null;
    }
    const status = new TextDecoder().decode(out.stdout);
    if (!out.success || !status.includes("install ok installed")) missing.push(name);
  }
  return missing;
}
