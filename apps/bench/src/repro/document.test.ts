import { describe, expect, it } from "vitest";
import { BEYOND_HEADING, BEYOND_INTRO, KD_NOTE, MOE_NOTES, replaceTablesSection, tablesBody, tablesDocument, TABLES_END, TABLES_START } from "./document.js";

const CTX = { command: "pnpm repro:tables --epochs 10", runsDir: "results/runs", runCount: 3, partialCount: 1 };

describe("tables documents", () => {
  it("name the command and the runs", () => {
    const doc = tablesDocument("| t |\n", CTX);
    expect(doc.startsWith("# Reproduced tables\n")).toBe(true);
    expect(doc).toContain("From 3 runs (1 partial) in `results/runs`; to reproduce (or continue) them:\n\n```bash\npnpm repro:tables --epochs 10\n```");
    expect(doc).toContain("| t |");
  });

  it("explain KD rows only when there are distilled runs", () => {
    expect(tablesBody("| t |\n", CTX)).not.toContain("KD rows");
    expect(tablesBody("| t |\n", { ...CTX, distilled: false })).not.toContain("KD rows");
    const body = tablesBody("| t |\n", { ...CTX, distilled: true });
    expect(body).toContain(`- ${KD_NOTE}\n`);
    expect(KD_NOTE).toMatch(/^KD rows: the student trained with loss = \(1 − w\) · label loss \+ w · T² · KL\(teacher ‖ student\) from the teacher's logits \(`llmnist train --teacher`\)/);
    expect(tablesBody("| t |\n", { ...CTX, distilled: true })).toBe(body);
  });

  it("put what is beyond the paper after its tables and their notes: the variants table, then mixture-of-experts with its notes", () => {
    const plain = tablesBody("| t |\n", CTX);
    expect(tablesBody("| t |\n", { ...CTX, moeTables: "", beyondTables: "" })).toBe(plain);
    const moeNotes = MOE_NOTES.map((n) => `- ${n}`).join("\n");
    const moe = tablesBody("| t |\n", { ...CTX, moeTables: "### MoE\n\n| m |\n" });
    expect(moe).toBe(`${plain}\n### ${BEYOND_HEADING}\n\n${BEYOND_INTRO}\n\n#### MoE\n\n| m |\n\n${moeNotes}\n`);
    const both = tablesBody("| t |\n", { ...CTX, beyondTables: "### Variants\n\n| v |\n\n- a note\n", moeTables: "### MoE\n\n| m |\n" });
    expect(both).toBe(`${plain}\n### ${BEYOND_HEADING}\n\n${BEYOND_INTRO}\n\n#### Variants\n\n| v |\n\n- a note\n\n#### MoE\n\n| m |\n\n${moeNotes}\n`);
    // Only runs beyond the paper: no paper table, nor its notes.
    const only = tablesBody("", { ...CTX, moeTables: "### MoE\n\n| m |\n" });
    expect(only).not.toContain("Table 6-1");
    expect(only).toContain(`\`\`\`\n\n### ${BEYOND_HEADING}\n`);
  });

  it("give tables.md a level-2 Beyond the paper with its tables at level 3, the README (inside ## Results) level 3 and 4", () => {
    const ctx = { ...CTX, beyondTables: "### Variants\n\n| v |\n", moeTables: "### MoE\n\n| m |\n" };
    const headings = (md: string): string[] => md.split("\n").filter((l) => l.startsWith("#"));
    expect(headings(tablesDocument("### Table 6-1: cross-entropy\n\n| t |\n", ctx))).toEqual([
      "# Reproduced tables",
      "### Table 6-1: cross-entropy",
      `## ${BEYOND_HEADING}`,
      "### Variants",
      "### MoE",
    ]);
    expect(headings(tablesBody("### Table 6-1: cross-entropy\n\n| t |\n", ctx))).toEqual([
      "### Table 6-1: cross-entropy",
      `### ${BEYOND_HEADING}`,
      "#### Variants",
      "#### MoE",
    ]);
  });

    it("say how to produce runs when there are none", () => {
    expect(tablesBody("", { ...CTX, runCount: 0, partialCount: 0 })).toBe(
      "No runs in `results/runs` yet. To produce them:\n\n```bash\npnpm repro:tables --epochs 10\n```\n",
    );
  });
});

describe("replaceTablesSection", () => {
  it("replaces only what is between the markers", () => {
    const readme = `# x\n\n## Results\n\n${TABLES_START}\nold\n${TABLES_END}\n\n## Development\n`;
    const out = replaceTablesSection(readme, "new table\n");
    expect(out).toBe(`# x\n\n## Results\n\n${TABLES_START}\nnew table\n${TABLES_END}\n\n## Development\n`);
    expect(replaceTablesSection(out, "new table\n")).toBe(out); // idempotent
  });

  it("adds a Results section before Development when the markers are missing", () => {
    const out = replaceTablesSection("# x\n\n## Status\n\ns\n\n## Development\n\nd\n", "T");
    expect(out).toBe(`# x\n\n## Status\n\ns\n\n## Results\n\n${TABLES_START}\nT\n${TABLES_END}\n\n## Development\n\nd\n`);
  });

  it("puts the markers under an existing Results heading, or at the end", () => {
    expect(replaceTablesSection("# x\n## Results\ntext\n", "T")).toBe(`# x\n## Results\n\n${TABLES_START}\nT\n${TABLES_END}\ntext\n`);
    expect(replaceTablesSection("# x\n", "T")).toBe(`# x\n\n## Results\n\n${TABLES_START}\nT\n${TABLES_END}\n`);
  });

  it("refuses broken markers", () => {
    expect(() => replaceTablesSection(`${TABLES_START}\n`, "T")).toThrow(/only one of/);
    expect(() => replaceTablesSection(`${TABLES_END}\n${TABLES_START}\n`, "T")).toThrow(/comes before/);
  });
});
