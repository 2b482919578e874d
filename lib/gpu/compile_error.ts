/**
 * The error of a kernel's compilation, if any, named by kernel file and line (through its
 * includes): the shader's own messages name the line on every host; the validation error
 * scope also catches a pipeline error (Chromium may report a shader error only as an
 * uncaptured error later). Used by `Gpu.pipeline` (lib/gpu/gpu.ts).
 *
 * @example
 * device.pushErrorScope("validation");
 * const module = device.createShaderModule({ code: kernelSource("unary") });
 * device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
 * const error = await compileError("unary", device.popErrorScope(), module); // null
 * @module
 */
import { kernelLine, kernelPath } from "./kernel_source.ts";

/** Waits for the error scope and the compilation messages; the first error, or null. */
export async function compileError(
  kernel: string,
  scope: Promise<GPUError | null>,
  module: GPUShaderModule,
): Promise<Error | null> {
  const compiled = module.getCompilationInfo?.().catch(() => undefined) ??
    Promise.resolve(undefined);
  const [err, info] = await Promise.all([scope, compiled]);
  const wgsl = info?.messages.find((m) => m.type === "error");
  if (wgsl) {
    const where = `${kernelLine(kernel, wgsl.lineNum)}:${wgsl.linePos}`;
    return new Error(`WGSL error in kernel "${kernel}" (${where}): ${wgsl.message.trim()}`);
  }
  if (!err) return null;
  // naga: "wgsl:3:17"; Tint (Dawn, Chromium): "Error while parsing WGSL: :3:17 error"
  const loc = /(?:wgsl|\s|^):(\d+):(\d+)/m.exec(err.message);
  const where = loc ? `${kernelLine(kernel, Number(loc[1]))}:${loc[2]}` : kernelPath(kernel);
  return new Error(`WGSL error in kernel "${kernel}" (${where}): ${err.message}`);
}
