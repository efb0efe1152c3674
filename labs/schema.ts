/**
 * Labs and tasks. A lab is one machine (which guest, which vmcore scenario, where the shell
 * starts, which setup lines run first); its tasks are questions or goals graded against
 * that machine. Graders COMPUTE the expected value from the scenario's kernel model or the
 * guest's state — a lab never carries a hand-typed copy of an answer that could drift from
 * what the simulated tools print.
 *
 * The zod schemas are the source of truth; the TypeScript types are inferred from them.
 */
import { z } from "zod";
import type { GuestInspect } from "../emulator/guest/guest";

export const scenarioNames = ["client_lbug", "server_load", "ls_stuck"] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/**
 * The scenario's kernel model as graders see it. Kept loose here so the lab layer's schema does
 * not depend on the kernel's exact shape; graders narrow it to `Program`
 * (emulator/kernel/program.ts), e.g. labs/crash-basics/vmcore.ts.
 */
export type ScenarioProgram = object;

/** What a grader may use to compute an expected value or inspect the learner's work. */
export interface GraderContext {
  readonly labId: string;
  /** The lab's vmcore model, built once and cached. Rejects when the lab has no scenario. */
  program(): Promise<ScenarioProgram>;
  /** Files, history and cwd of the running guest. */
  readonly inspect: GuestInspect;
}

/** A value computed by grader code at check time (sync or async). */
export type Computed<T> = (ctx: GraderContext) => T | Promise<T>;

const computed = <T>(what: string) =>
  z.custom<Computed<T>>((value) => typeof value === "function", {
    message: `${what} must be a function computing it from the grader context`,
  });

const regExp = z.custom<RegExp>((value) => value instanceof RegExp, { message: "expected a RegExp" });

// ---- answer checks: the learner types (or picks) an answer ----

/** Same text after trimming and collapsing runs of blanks. */
export const ExactCheck = z.object({
  kind: z.literal("exact"),
  expected: computed<string>("expected"),
  caseSensitive: z.boolean().default(true),
});

/** An integer in any usual notation: 55, 0x37, 0o67, 0b110111 (and bare hex when bareHex). */
export const NumberCheck = z.object({
  kind: z.literal("number"),
  expected: computed<number | bigint>("expected"),
  /** Accept hex without 0x (addresses as crash prints them: ffff9f955eae6180). */
  bareHex: z.boolean().default(false),
});

/** The answer must match a pattern the grader builds (e.g. from a symbol name). */
export const RegexCheck = z.object({
  kind: z.literal("regex"),
  expected: computed<RegExp>("expected"),
});

/** Radio buttons: static labels, the right one computed. */
export const ChoiceCheck = z.object({
  kind: z.literal("choice"),
  choices: z.array(z.string().min(1)).min(2),
  expected: computed<string>("expected"),
});

/** A Lustre NID: 10.200.0.2, 10.200.0.2@tcp and 0x200000ac80002 are the same node. */
export const NidCheck = z.object({
  kind: z.literal("nid"),
  /** Either the 64-bit lnet_nid_t or its string form. */
  expected: computed<bigint | string>("expected"),
});

// ---- state checks: the learner changes the guest ----

/** A guest file exists and holds the computed content. */
export const FileCheck = z.object({
  kind: z.literal("file"),
  /** Absolute path, or `~/...` for root's home (/root). */
  path: z.string().regex(/^(\/|~\/)/, "absolute path or ~/path"),
  expected: computed<string>("expected"),
  /** trimmed: equal after trimming both; exact: byte for byte; contains: expected is a substring. */
  match: z.enum(["trimmed", "exact", "contains"]).default("trimmed"),
});

/** A command line was run (at the shell, or at a tool's prompt such as `crash>`). */
export const CommandCheck = z.object({
  kind: z.literal("command"),
  /** Which prompt read the line: "sh" for the shell, or "crash", "debugfs"... */
  program: z.string().default("sh"),
  pattern: regExp,
  /** What to tell the learner when no line matched. */
  missing: z.string().default("That command does not appear in the guest's history yet."),
});

export interface CustomResult {
  readonly correct: boolean;
  readonly message?: string;
}

/** Escape hatch for graders that need both an answer and the guest (or several files). */
export const CustomCheck = z.object({
  kind: z.literal("custom"),
  /** Show a text input and pass its value to grade(). */
  input: z.boolean().default(false),
  grade: z.custom<(ctx: GraderContext, answer: string) => CustomResult | Promise<CustomResult>>(
    (value) => typeof value === "function",
    { message: "grade must be a function" },
  ),
});

export const TaskCheck = z.discriminatedUnion("kind", [
  ExactCheck,
  NumberCheck,
  RegexCheck,
  ChoiceCheck,
  NidCheck,
  FileCheck,
  CommandCheck,
  CustomCheck,
]);

export const answerKinds = ["exact", "number", "regex", "choice", "nid"] as const;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes");

export const TaskSchema = z.object({
  id: slug,
  title: z.string().min(1),
  /** Markdown (inline code, emphasis, links, paragraphs). */
  prompt: z.string().min(1),
  /** Revealed one at a time, mildest first. */
  hints: z.array(z.string().min(1)).default([]),
  /** Command lines revealed by "show solution"; clicking them types them into the terminal. */
  solution: z.array(z.string().min(1)).default([]),
  check: TaskCheck,
});

export const LabSchema = z.object({
  id: slug,
  title: z.string().min(1),
  summary: z.string().min(1),
  /** Position on the home page. */
  order: z.number().int(),
  guest: z.enum(["simulated", "v86"]),
  /** Working directory of the first shell. */
  cwd: z.string().startsWith("/"),
  /** Shell lines run silently before the first prompt. */
  setup: z.array(z.string()).default([]),
  scenario: z.enum(scenarioNames).optional(),
  tasks: z.array(TaskSchema).default([]),
});

export type Lab = z.infer<typeof LabSchema>;
export type LabInput = z.input<typeof LabSchema>;
export type Task = z.infer<typeof TaskSchema>;
export type TaskInput = z.input<typeof TaskSchema>;
export type TaskCheck = z.infer<typeof TaskCheck>;
export type AnswerKind = (typeof answerKinds)[number];

/** Validate a lab definition (defaults filled in); throws a readable error naming the lab. */
export function defineLab(input: LabInput): Lab {
  const parsed = LabSchema.safeParse(input);
  if (!parsed.success) {
    const where = typeof input?.id === "string" ? input.id : "(no id)";
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`invalid lab ${where}:\n${issues}`);
  }
  const lab = parsed.data;
  const seen = new Set<string>();
  for (const task of lab.tasks) {
    if (seen.has(task.id)) throw new Error(`lab ${lab.id}: duplicate task id ${task.id}`);
    seen.add(task.id);
    if (task.check.kind === "choice" && task.check.choices.length !== new Set(task.check.choices).size) {
      throw new Error(`lab ${lab.id}, task ${task.id}: duplicate choices`);
    }
  }
  return lab;
}

/** Whether the learner types or picks an answer for this check. */
export function takesAnswer(check: TaskCheck): boolean {
  return check.kind === "custom" ? check.input : (answerKinds as readonly string[]).includes(check.kind);
}
