/**
 * Runs a deno subcommand with a WebGPU backend that works on this machine.
 *
 *   deno run -A tasks/with-gpu.ts test -A --unstable-webgpu tests/
 *
 * Probes DENO_WEBGPU_BACKEND (vulkan first, then gl), then runs `deno <args...>` with it;
 * falling back to gl without being asked is announced on stderr.
 * Exits with the child's status (128 + the signal number when a signal ended it); with a
 * clear message when no adapter can be found.
 *
 * SIGINT, SIGTERM and SIGHUP sent to this launcher are passed on to the child, and the
 * launcher waits for it, so that killing the launcher does not leave the job running. A
 * Ctrl-C typed in a terminal is the exception: the terminal already sends SIGINT to the
 * child (it is in the same process group), so passing it on would make it a second Ctrl-C,
 * which tasks such as train-prior read as "kill now" instead of "checkpoint and stop".
 */
import { findBackend } from "../lib/gpu/backend.ts";
import { NO_ADAPTER_HELP } from "../lib/gpu/adapter.ts";

/** The signals passed on to the child, with their numbers (Linux and macOS agree on these). */
const FORWARDED = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
const SIGNUM: Record<string, number> = { ...FORWARDED, SIGQUIT: 3, SIGKILL: 9, SIGPIPE: 13 };

/**
 * Whether this process is in the foreground process group of its terminal, so that a SIGINT
 * it gets most likely came from Ctrl-C and reached the child as well. Linux reads it from
 * /proc; elsewhere a terminal on stdin is taken to mean yes.
 */
function inTerminalForeground(): boolean {
  try {
    // fields after "(comm)": state ppid pgrp session tty_nr tpgid ...
    const stat = Deno.readTextFileSync("/proc/self/stat");
    const [, , pgrp, , tty, tpgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return tty !== "0" && pgrp === tpgid;
  } catch {
    return Deno.stdin.isTerminal();
  }
}

const backend = await findBackend();
if (backend === null) {
  console.error(NO_ADAPTER_HELP);
  Deno.exit(1);
}
if (backend === "gl" && Deno.env.get("DENO_WEBGPU_BACKEND") !== "gl") {
  // a fallback the user did not ask for: say so, since its speeds differ (on llvmpipe
  // ConvNet-3 trains about 1.5x slower through GL than through Vulkan)
  console.error(
    "with-gpu: no Vulkan adapter here, so Deno's GL backend runs this (on Debian/Ubuntu " +
      "without a GPU: apt-get install mesa-vulkan-drivers; DENO_WEBGPU_BACKEND=gl picks GL " +
      "without this notice)",
  );
}
const env = { ...Deno.env.toObject() };
if (backend) env.DENO_WEBGPU_BACKEND = backend;
else delete env.DENO_WEBGPU_BACKEND;
// Mesa prints a harmless warning when XDG_RUNTIME_DIR is unset.
env.XDG_RUNTIME_DIR ??= "/tmp";
const child = new Deno.Command(Deno.execPath(), { args: Deno.args, env, stdin: "inherit" }).spawn();
const signals = Deno.build.os === "windows"
  ? (["SIGINT"] as const)
  : (Object.keys(FORWARDED) as (keyof typeof FORWARDED)[]);
const listeners = signals.map((sig) => {
  const pass = () => {
    if (sig === "SIGINT" && inTerminalForeground()) return;
    try {
      child.kill(sig);
    } catch {
      // the child has exited already
    }
  };
  Deno.addSignalListener(sig, pass);
  return [sig, pass] as const;
});
const status = await child.status;
for (const [sig, pass] of listeners) Deno.removeSignalListener(sig, pass);
const signum = status.signal ? SIGNUM[status.signal] : undefined;
Deno.exit(signum ? 128 + signum : status.code);
