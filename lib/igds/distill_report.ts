/**
 * The Markdown report of a distillation run: the accuracy table (method x IPC, mean +- std
 * over the evaluation runs), the protocol and how it differs from the paper's, the VE's
 * estimates, the time of every stage, and a grid of each distilled set.
 *
 * @example
 * await writeDistillReport("runs/distill/report.md", summary);
 * @module
 */
import { writeFileAtomic } from "../io/atomic.ts";
import { formatDuration } from "../io/progress.ts";
import { renderMarkdown, type Section } from "../io/report.ts";
import type { DistillSummary } from "./distill.ts";
import { describeEval } from "./stage.ts";
import { anyNeeds, METHOD_TABLE } from "./methods.ts";
import { publishedTable } from "../eval/published.ts";

const pm = (mean: number, std: number) => `${mean.toFixed(1)} ± ${std.toFixed(1)}`;

/** The accuracy table as Markdown rows (also printed by the task). */
export function accuracyTable(s: DistillSummary): { headers: string[]; rows: string[][] } {
  const ipcs = [...new Set(s.results.map((r) => r.ipc))];
  const methods = [...new Set(s.results.map((r) => r.method))];
  const rows = methods.map((m) => [
    m,
    ...ipcs.map((ipc) => {
      const r = s.results.find((x) => x.method === m && x.ipc === ipc);
      if (!r) return "-";
      return pm(r.mean, r.std) + (r.method === "igds" ? ` (β ${r.beta})` : "") +
        (r.sameSetAs ? ` = ${r.sameSetAs}` : "");
    }),
  ]);
  return { headers: ["method", ...ipcs.map((i) => `IPC ${i}`)], rows };
}

/**
 * Each method's accuracy on each class (mean over its runs), one row per method and IPC; null
 * when no result recorded them (evaluations cached by an older version).
 */
export function perClassTable(s: DistillSummary): { headers: string[]; rows: string[][] } | null {
  const rows = s.results.filter((r) => r.perClass).map((r) => [
    `${r.method}, IPC ${r.ipc}`,
    ...r.perClass!.map((a) => (Number.isNaN(a) ? "-" : a.toFixed(1))),
  ]);
  if (!rows.length) return null;
  const classes = s.data.classes ?? rows[0].slice(1).map((_, c) => `class ${c}`);
  return { headers: ["method", ...classes], rows };
}

/**
 * Describes the evaluation (its protocol, `paper` or `dsa`, and each difference from that
 * protocol's reference) and every difference of the distillation from the paper's method.
 */
export function protocolText(s: DistillSummary): string {
  const c = s.config;
  const e = c.eval;
  const ev = describeEval(c, s.results, s.data.testImages);
  const reference = e.protocol === "dsa"
    ? "the reference protocol (VICO-UoE/DatasetCondensation, utils.py evaluate_synset)"
    : "the paper's protocol (Appendix J, with the crop scale, batch and CutMix rate of the " +
      "MiniMax code it cites)";
  const method: string[] = [];
  if (c.data.bundled) {
    method.push(
      `the bundled subset (${s.data.trainImages} training images) instead of the full training set`,
    );
  }
  if (c.prior.steps !== 250 || c.prior.method !== "ddpm") {
    method.push(`${c.prior.steps} ${c.prior.method} sampling steps instead of 250 DDPM`);
  }
  if (c.prior.cfg) {
    method.push(`classifier-free guidance (w ${c.prior.cfg}), which the paper does not use`);
  }
  const generative = anyNeeds(c.methods, "prior");
  if (generative) {
    method.push(
      "the prior is this toolkit's small U-Net trained on the dataset here, where the paper " +
        "samples from pretrained diffusion models",
    );
  }
  if (generative && !c.igds.merge) {
    method.push(
      "no 2x2 merge: each stored image is one generated image (the paper stores four " +
        "half-size ones in each, scored with soft labels)",
    );
  }
  if (c.igds.window[0] !== 0 || c.igds.window[1] !== 1) {
    method.push(`guidance only while t / T is in [${c.igds.window}], not at every step`);
  }
  if (c.igds.wrt !== "xt") {
    method.push("guidance gradient w.r.t. the predicted x0, not through the U-Net");
    if (c.igds.x0Scale === "sqrt-acp") {
      method.push("the x0 guidance step scaled by sqrt(alpha_bar_{t-1}) (not in the paper)");
    }
  }
  if (c.igds.entropy === "set") {
    method.push("H(y_hat) over the whole generated set, the rest taken at its labels");
  }
  if (c.igds.diversity === "prototype") {
    method.push("diversity term: KL to the VE's class prototype, not to the group mean");
  }
  if (c.igds.normalize === "per-image") {
    method.push(
      "each image's guidance gradient divided by its root mean square (not in the paper)",
    );
  }
  const scoredOn = s.data.validation
    ? `the validation split held out of the training set (${s.data.testImages} images; ` +
      `scored on a validation split, not the test set: for choosing settings, not for reporting)`
    : `the real test set (${s.data.testImages} images)`;
  return [
    `Each distilled set trains fresh networks alone (${ev.summary}; epochs ${ev.epochs}; ` +
    `${e.runs} run(s) with seeds ${c.seed}..${c.seed + e.runs - 1}); accuracy on ${scoredOn}, ` +
    `mean ± standard deviation over runs${drawnNote(s)}. Generative ` +
    `methods share the prior (${s.prior.path}, step ${s.prior.step}), ${c.prior.steps} ` +
    `${c.prior.method} steps${
      c.prior.cfg ? `, classifier-free guidance w ${c.prior.cfg}` : ""
    } and the same initial noise; IGDS: eta ${c.igds.eta}, gradient w.r.t. ${
      c.igds.wrt === "xt" ? "x_t through the U-Net" : "the predicted x0"
    }, window [${c.igds.window}], entropy term ${c.igds.entropy}${
      c.igds.merge ? ", 2x2 merge" : ""
    }.`,
    `\nEvaluation protocol \`${e.protocol}\`. ` +
    (ev.differences.length
      ? `Differences from ${reference}: ${ev.differences.join("; ")}.`
      : `This is ${reference}.`),
    method.length ? `\nDifferences from the paper's method: ${method.join("; ")}.` : "",
    sharedNote(s),
  ].join("\n");
}

/** Which rows are another method's set (`= igds-beta0` in the table), and why. */
function sharedNote(s: DistillSummary): string {
  const shared = s.results.filter((r) => r.sameSetAs);
  if (!shared.length) return "";
  const rows = shared.map((r) =>
    `${r.method} at IPC ${r.ipc} is ${r.sameSetAs}'s (${
      r.beta === 0 ? "β 0" : "its β term, the KL of each image to the mean of the images of " +
        "its class generated together, is zero for a group of one image"
    })`
  );
  return `\nA row marked \`= method\` is that method's set, bit for bit, computed and evaluated ` +
    `once: ${rows.join("; ")}.`;
}

/** Which methods draw a new set for every run (so their spread includes the draw). */
function drawnNote(s: DistillSummary): string {
  const drawn = [...new Set(s.results.map((r) => r.method))]
    .filter((m) => METHOD_TABLE[m].drawn);
  if (!drawn.length || s.config.eval.runs < 2) return "";
  return ` (${drawn.join(", ")}: a new class-balanced subset drawn for each run, with the ` +
    `run's seed, one network each)`;
}

/** Writes report.md next to results.json. */
export async function writeDistillReport(path: string, s: DistillSummary): Promise<void> {
  const table = accuracyTable(s);
  const sections: Section[] = [
    { heading: "Test accuracy (%)", text: protocolText(s), tables: [table] },
  ];
  const byClass = perClassTable(s);
  if (byClass) {
    sections.push({
      heading: "Accuracy per class (%)",
      text: "On the same images as the table above, each class's share classified correctly, " +
        "mean over the runs.",
      tables: [byClass],
    });
  }
  const published = s.config.data.bundled
    ? null
    : publishedTable(s.config.data.name, [...new Set(s.results.map((r) => r.ipc))]);
  if (published) {
    sections.push({
      heading: "Published rows, for reference (test accuracy, %)",
      text: "ConvNet-3 on the full test set under the DC/DSA protocol as each source reports " +
        "it (the whole-dataset row trains on all 60,000 training images). Set them beside " +
        "the table above only when its protocol is `dsa`; the means without a spread are " +
        "given so by their source.",
      tables: [published],
    });
  }
  if (s.ve) {
    const e = s.ve.estimates as Record<string, number>;
    sections.push({
      heading: "Variational estimator",
      text: `Encoder ConvNet-${s.config.ve.depth} width ${s.config.ve.width} (SoftPlus β=3), ` +
        `${s.config.ve.epochs} epochs, τ ${s.config.ve.tau}, λ ${s.config.ve.lambda}; trained in ${
          formatDuration(s.ve.seconds)
        }. ` +
        `Estimates on the training set, in nats.` + heldOutText(s),
      tables: [{
        headers: [
          "accuracy",
          "I(X;Y) (eq. 7)",
          "H(X|Y) (eq. 12)",
          "H(Y)",
          "H(Ŷ)",
          "classifier rank",
        ],
        rows: [[
          `${(100 * e.accuracy).toFixed(1)}%`,
          e.I.toFixed(3),
          e.H.toFixed(3),
          e.HY.toFixed(3),
          e.HYhat.toFixed(3),
          `${s.ve.rank.rank}${s.ve.rank.full ? " (full)" : " (not full)"}`,
        ]],
      }],
    });
    const withSets = s.results.filter((r) => r.ve);
    if (withSets.length) {
      sections.push({
        heading: "The VE's estimates on each distilled set",
        text: "What the VE reads in each set, in nats, computed as on the training set: the " +
          "share of the set's images its classifier labels as their class, the lower bound " +
          `on I(X;Y) (eq. 7; at most H(Y), ${e.HY.toFixed(3)} on the training set) and ` +
          "H(X|Y), the mean KL of an image's code to its class prototype (eq. 12). A random " +
          "real subset is what real images score; a set drawn anew for each run shows the " +
          "mean over its draws.",
        tables: [{
          headers: ["set", "VE accuracy", "I(X;Y)", "H(X|Y)"],
          rows: [
            [
              "the training set (real)",
              `${(100 * e.accuracy).toFixed(1)}%`,
              e.I.toFixed(3),
              e.H.toFixed(3),
            ],
            ...(s.ve.heldOut
              ? [[
                `the ${s.data.validation ? "validation split" : "test set"} (real, held out)`,
                `${(100 * s.ve.heldOut.accuracy).toFixed(1)}%`,
                s.ve.heldOut.I.toFixed(3),
                s.ve.heldOut.H.toFixed(3),
              ]]
              : []),
            ...withSets.map((r) => [
              `${r.method}, IPC ${r.ipc}${r.ve!.draws > 1 ? ` (${r.ve!.draws} draws)` : ""}`,
              `${(100 * r.ve!.accuracy).toFixed(1)}%`,
              r.ve!.I.toFixed(3),
              r.ve!.H.toFixed(3),
            ]),
          ],
        }],
      });
    }
  }
  sections.push({
    heading: "Time of each stage",
    text:
      `Total ${formatDuration(s.seconds)} this invocation${s.adapter ? ` on ${s.adapter}` : ""}; ` +
      "cached stages show the time they took when computed.",
    tables: [{
      headers: ["stage", "time"],
      rows: Object.entries(s.stages).map(([k, v]) => [k, formatDuration(v)]),
    }],
  });
  sections.push({
    heading: "Distilled sets",
    text: "One row per class. The PNGs are in `distilled/<method>/ipc<N>/<class>/`.",
    figures: s.results.filter((r) => !r.sameSetAs).map((r) => {
      const also = s.results.filter((o) => o.sameSetAs === r.method && o.ipc === r.ipc)
        .map((o) => o.method);
      return {
        path: `distilled/${r.method}/ipc${r.ipc}/grid.png`,
        caption: `${r.method}, IPC ${r.ipc}${also.length ? ` (also ${also.join(", ")})` : ""}`,
      };
    }),
  });
  const md = renderMarkdown({
    title: `IGDS distillation: ${s.config.data.name}${
      s.config.data.bundled ? " (bundled subset)" : ""
    }, preset ${s.config.preset}`,
    sections,
  });
  await writeFileAtomic(path, md);
}

/** The VE on the evaluation images, which it did not train on (empty in older results). */
function heldOutText(s: DistillSummary): string {
  const h = s.ve?.heldOut;
  if (!h) return "";
  const on = s.data.validation ? "validation split" : "test set";
  return ` On the ${on} (${s.data.testImages} images it did not train on) its classifier ` +
    `labels ${(100 * h.accuracy).toFixed(1)}% right, I(X;Y) >= ${h.I.toFixed(3)}, ` +
    `H(X|Y) ~ ${h.H.toFixed(3)}.`;
}
