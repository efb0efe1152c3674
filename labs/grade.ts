/**
 * Grading: compute the expected value with the task's grader code, then compare it with the
 * learner's answer or with the guest's state. Runs wherever a GraderContext can be built —
 * in the page (GuestInspect talks to the worker) or in Node tests. Messages never reveal the
 * expected answer.
 */
import { normalizeText, parseInteger, parseNid } from "./answers";
import type { GraderContext, Task } from "./schema";

export interface GradeResult {
  readonly correct: boolean;
  /** One short sentence for the learner. */
  readonly message: string;
}

const right = (message = "Correct!"): GradeResult => ({ correct: true, message });
const wrong = (message = "Not quite — try again."): GradeResult => ({ correct: false, message });

/** root's home: the lab VMs log in as root. */
const HOME = "/root";

export function expandHome(path: string): string {
  return path === "~" ? HOME : path.startsWith("~/") ? HOME + path.slice(1) : path;
}

/**
 * Grade one task. `answer` is the text typed (or the radio value picked); state checks ignore it.
 * Grader exceptions become an incorrect result with the reason, so a broken grader never
 * breaks the page.
 */
export async function gradeTask(task: Task, ctx: GraderContext, answer = ""): Promise<GradeResult> {
  try {
    return await gradeCheck(task, ctx, answer);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return wrong(`Could not check this task: ${reason}`);
  }
}

async function gradeCheck(task: Task, ctx: GraderContext, answer: string): Promise<GradeResult> {
  const check = task.check;
  switch (check.kind) {
    case "exact": {
      const expected = normalizeText(await check.expected(ctx));
      const given = normalizeText(answer);
      if (given === "") return wrong("Type an answer first.");
      const same = check.caseSensitive ? given === expected : given.toLowerCase() === expected.toLowerCase();
      return same ? right() : wrong();
    }
    case "number": {
      const given = parseInteger(answer, { bareHex: check.bareHex });
      if (given === null) return wrong("That is not a number (try 55, 0x37 or 0o67).");
      const expected = BigInt(await check.expected(ctx));
      return given === expected ? right() : wrong();
    }
    case "regex": {
      const pattern = await check.expected(ctx);
      if (normalizeText(answer) === "") return wrong("Type an answer first.");
      return pattern.test(normalizeText(answer)) ? right() : wrong();
    }
    case "choice": {
      const expected = await check.expected(ctx);
      if (!check.choices.includes(expected)) {
        throw new Error(`grader chose "${expected}", which is not one of the choices`);
      }
      if (answer === "") return wrong("Pick one of the choices.");
      return answer === expected ? right() : wrong();
    }
    case "nid": {
      const given = parseNid(answer);
      if (given === null) return wrong("That is not a NID (e.g. 192.168.1.5@tcp or 0x20000c0a80105).");
      const raw = await check.expected(ctx);
      const expected = typeof raw === "bigint" ? raw : parseNid(raw);
      if (expected === null) throw new Error(`grader returned an unreadable NID "${String(raw)}"`);
      return given === expected ? right() : wrong();
    }
    case "file": {
      const path = expandHome(check.path);
      const content = await ctx.inspect.readFile(path);
      if (content === null) return wrong(`${check.path} does not exist yet.`);
      const expected = await check.expected(ctx);
      const ok =
        check.match === "exact"
          ? content === expected
          : check.match === "contains"
            ? content.includes(expected)
            : content.trim() === expected.trim();
      return ok ? right() : wrong(`${check.path} exists but does not hold what was asked.`);
    }
    case "command": {
      const history = await ctx.inspect.history();
      const ran = history.some((entry) => entry.program === check.program && check.pattern.test(entry.line));
      return ran ? right("Done!") : wrong(check.missing);
    }
    case "custom": {
      const result = await check.grade(ctx, answer);
      return result.correct ? right(result.message) : wrong(result.message);
    }
  }
}
