/**
 * The answer key's computation, without DOM: for one task, run its grader code against a
 * GraderContext to get the expected answer (or, for state checks, what is checked), then give
 * that answer back to the task's grader (labs/grade.ts) to confirm the key and the grader agree.
 */
import { formatNid, parseNid } from "../../labs/answers";
import { expandHome, gradeTask } from "../../labs/grade";
import { type GraderContext, type Task, takesAnswer } from "../../labs/schema";
import { modelAnswers } from "./answer-key-extras";

export interface KeyEntry {
  /** The expected answer or the checked state, as text for the instructor. */
  readonly expected: string;
  /** Extra lines: accepted forms, the check's details. */
  readonly details: readonly string[];
  /** Whether the task's own grader accepted `expected` (undefined: not an answer, not checked). */
  readonly accepted?: boolean;
  /** The grader's message when it rejected the key. */
  readonly graderMessage?: string;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

function describePattern(re: RegExp): string {
  return `/${re.source}/${re.flags}`;
}

/**
 * What the grader computes. `answer` is what a learner would type to be right, when one can be
 * written down; the key then checks it with gradeTask.
 */
async function compute(
  key: string,
  task: Task,
  ctx: GraderContext,
): Promise<{ expected: string; answer?: string; details: string[] }> {
  const check = task.check;
  const model = modelAnswers[key];
  switch (check.kind) {
    case "exact": {
      const value = await check.expected(ctx);
      return {
        expected: value,
        answer: value,
        details: [check.caseSensitive ? "exact text (blanks collapsed)" : "exact text, any case"],
      };
    }
    case "number": {
      const value = BigInt(await check.expected(ctx));
      // With bareHex, digits without a prefix are read as hexadecimal (addresses as crash prints them).
      if (check.bareHex) {
        return {
          expected: value.toString(16),
          answer: value.toString(16),
          details: [`hexadecimal, with or without 0x (= ${value} in decimal)`],
        };
      }
      return {
        expected: value.toString(),
        answer: value.toString(),
        details: [`= ${hex(value)}; any base with its prefix`],
      };
    }
    case "regex": {
      const pattern = await check.expected(ctx);
      const extra = model ? await model(ctx) : undefined;
      return {
        expected: extra?.answer ?? describePattern(pattern),
        answer: extra?.answer,
        details: [...(extra?.note ? [extra.note] : []), `answer must match ${describePattern(pattern)}`],
      };
    }
    case "choice": {
      const value = await check.expected(ctx);
      return { expected: value, answer: value, details: [`one of: ${check.choices.join(", ")}`] };
    }
    case "nid": {
      const raw = await check.expected(ctx);
      const nid = typeof raw === "bigint" ? raw : parseNid(raw);
      if (nid === null) throw new Error(`the grader returned an unreadable NID "${String(raw)}"`);
      const text = formatNid(nid);
      return {
        expected: text,
        answer: text,
        details: [`= ${hex(nid)} (lnet_nid_t); the bare address or the 64-bit value also count`],
      };
    }
    case "file": {
      const content = await check.expected(ctx);
      const how = { trimmed: "holds, after trimming", exact: "holds, byte for byte", contains: "contains" }[
        check.match
      ];
      return { expected: content, details: [`state check: ${expandHome(check.path)} ${how} the text above`] };
    }
    case "command":
      return {
        expected: describePattern(check.pattern),
        details: [`state check: a line matching this was run at the ${check.program} prompt`],
      };
    case "custom": {
      const extra = model ? await model(ctx) : undefined;
      const what = check.input
        ? "free-form answer, graded by the lab's own code"
        : "state check: the lab's code inspects the machine (files, tracefs, history)";
      if (!extra) return { expected: "", details: [what, "see the solution commands"] };
      return {
        expected: extra.answer,
        answer: check.input ? extra.answer : undefined,
        details: [...(extra.note ? [extra.note] : []), what],
      };
    }
  }
}

/** The key for one task: computed value, details, and whether the grader accepts it. */
export async function keyEntry(key: string, task: Task, ctx: GraderContext): Promise<KeyEntry> {
  const { expected, answer, details } = await compute(key, task, ctx);
  if (answer === undefined || !takesAnswer(task.check)) return { expected, details };
  const result = await gradeTask(task, ctx, answer);
  return {
    expected,
    details,
    accepted: result.correct,
    ...(result.correct ? {} : { graderMessage: result.message }),
  };
}
