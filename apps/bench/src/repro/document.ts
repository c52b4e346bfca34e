/** What tables.md and the README say around the tables. */
export interface TablesContext {
  /** The exact command that (re)produces the runs and the tables. */
  command: string;
  /** Commands behind runs that `command` does not make (extra seeds, other epochs). */
  extraCommands?: string[];
  /** Presets asked for that have no run yet (said under the tables). */
  presetsWithoutRuns?: string[];
  /** Run folder, relative to the repository root. */
  runsDir: string;
  runCount: number;
  partialCount: number;
  /** Some rows of the paper's tables are runs distilled from a teacher (adds KD_NOTE under them). */
  distilled?: boolean;
  /**
   * The loss-variants-and-augmentation table with its notes (buildBeyondTable), first under
   * "Beyond the paper"; "" or absent: none.
   */
  beyondTables?: string;
  /** The mixture-of-experts section (buildMoETables), last under "Beyond the paper", with MOE_NOTES; "" or absent: none. */
  moeTables?: string;
}

/** The heading of what is not in the paper: other losses, augmentation, mixture-of-experts. */
export const BEYOND_HEADING = "Beyond the paper";

/** Said under BEYOND_HEADING. */
export const BEYOND_INTRO =
  "Runs the paper has not: other losses, augmented training images, mixture-of-experts presets. The paper's tables above hold none of them.";

/** One `#` more on every heading line of `markdown` (its sections one level deeper). */
const deeper = (markdown: string): string => markdown.replace(/^#+ /gm, "#$&");

/** The explanation under the tables: what each column means. */
export const TABLE_NOTES = [
  "Accuracy: percent of the MNIST test images classified correctly; best = the best epoch (what the paper most likely reports), final = the last epoch.",
  "With several seeds: mean ± sample standard deviation over seeds; best − paper uses the mean of best.",
  "Paper: Table 6-1 (cross-entropy) and Table 6-2 (CPO) of the paper (see ../shared/PAPER.md).",
  "Partial rows are runs still in progress or interrupted (from metrics.jsonl); they are not comparable with the paper's 10 epochs.",
];

/** Said under the tables when some rows distilled from a teacher. */
export const KD_NOTE =
  "KD rows: the student trained with loss = (1 − w) · label loss + w · T² · KL(teacher ‖ student) from the teacher's logits (`llmnist train --teacher`); " +
  "their paper % is the paper's value for the student's preset trained alone (the paper has no distillation).";

/** Said under the mixture-of-experts section: what its columns mean. */
export const MOE_NOTES = [
  "Mixture-of-experts presets are not in the paper (its section 6 names them as future work): each block's SwiGLU MLP becomes E experts and a router, trained with the Switch load-balancing loss (`VIT_MOE_PRESETS` of `@llmnist/vit`).",
  "Params: total = every expert and the router; active = what one token runs through (its top-k experts and the router).",
  "Train img/s: training images per second of the session that finished the run, evaluation left out (summary.json's train_images_per_second); wall time includes the per-epoch evaluations.",
  "Expert load: the share of each layer's token assignments per expert when the best model classifies the test images, least – most loaded over experts, layers and seeds (25% each for 4 evenly used experts). Aux loss: the load-balancing loss α·E·Σ f_i·P_i summed over the layers, mean over the last epoch's steps; evenly used experts make it exactly α per layer (0.06 for 0.21M-moe4: α 0.01, 6 layers).",
];

/**
 * The body shared by tables.md and the README section. `beyondLevel`: the heading level of
 * "Beyond the paper": 3 in the README (inside its "## Results", beside the paper's `###` tables),
 * 2 in tables.md (under its `#` title); its tables (written at `###`) go one level below it.
 */
export function tablesBody(tables: string, ctx: TablesContext, beyondLevel: 2 | 3 = 3): string {
  if (ctx.runCount === 0) {
    return [`No runs in \`${ctx.runsDir}\` yet. To produce them:`, "", "```bash", ctx.command, "```", ""].join("\n");
  }
  const partial = ctx.partialCount === 0 ? "" : ` (${ctx.partialCount} partial)`;
  const missing = ctx.presetsWithoutRuns ?? [];
  const notes = [
    ...TABLE_NOTES,
    ...(ctx.distilled === true ? [KD_NOTE] : []),
    ...(missing.length === 0 ? [] : [`No run yet for ${missing.join(", ")}: those rows are absent, not failed.`]),
  ];
  const moe = ctx.moeTables ?? "";
  const beyond = [
    ...(ctx.beyondTables === undefined || ctx.beyondTables === "" ? [] : [ctx.beyondTables]),
    ...(moe === "" ? [] : [[moe, ...MOE_NOTES.map((n) => `- ${n}`)].join("\n") + "\n"]),
  ]
    .join("\n")
    .trimEnd();
  return [
    `From ${ctx.runCount} run${ctx.runCount === 1 ? "" : "s"}${partial} in \`${ctx.runsDir}\`; to reproduce (or continue) them:`,
    "",
    "```bash",
    ctx.command,
    ...(ctx.extraCommands ?? []),
    "```",
    "",
    // Only runs beyond the paper: no paper table, and no notes about one.
    ...(tables === "" ? [] : [tables, ...notes.map((n) => `- ${n}`), ""]),
    ...(beyond === "" ? [] : [`${"#".repeat(beyondLevel)} ${BEYOND_HEADING}`, "", BEYOND_INTRO, "", beyondLevel === 3 ? deeper(beyond) : beyond, ""]),
  ].join("\n");
}

/** The whole tables.md. */
export function tablesDocument(tables: string, ctx: TablesContext): string {
  return `# Reproduced tables\n\n${tablesBody(tables, ctx, 2)}`;
}

export const TABLES_START = "<!-- tables:start -->";
export const TABLES_END = "<!-- tables:end -->";

/**
 * README.md with `content` between the table markers. When the markers are missing, a
 * "## Results" section holding them is added (before "## Development" when there is one, else
 * at the end); a Results heading that exists but lacks the markers gets them right under it.
 */
export function replaceTablesSection(readme: string, content: string): string {
  const block = `${TABLES_START}\n${content.trimEnd()}\n${TABLES_END}`;
  const start = readme.indexOf(TABLES_START);
  const end = readme.indexOf(TABLES_END);
  if (start !== -1 && end !== -1) {
    if (end < start) throw new Error(`README.md: ${TABLES_END} comes before ${TABLES_START}`);
    return readme.slice(0, start) + block + readme.slice(end + TABLES_END.length);
  }
  if (start !== -1 || end !== -1) {
    throw new Error(`README.md has only one of ${TABLES_START} and ${TABLES_END}; add the other or remove it`);
  }
  const heading = /^## Results[^\n]*\n/m.exec(readme);
  if (heading !== null) {
    const at = heading.index + heading[0].length;
    return `${readme.slice(0, at)}\n${block}\n${readme.slice(at)}`;
  }
  const section = `## Results\n\n${block}\n\n`;
  const dev = /^## Development/m.exec(readme);
  if (dev !== null) return readme.slice(0, dev.index) + section + readme.slice(dev.index);
  return `${readme.trimEnd()}\n\n${section.trimEnd()}\n`;
}
