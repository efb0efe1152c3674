import { describe, expect, it } from "vitest";
import { needsArith64, rewriteArithmetic } from "../../emulator/shell/arith-rewrite";

const A = ".kdebug_arith";

describe("arithmetic rewrite", () => {
  it("routes $(( )) and (( )) to the 64-bit evaluator", () => {
    expect(rewriteArithmetic("echo $((a - b))")).toBe(`echo $(${A} "a - b")`);
    expect(rewriteArithmetic("((x = y + 1)) && echo ok")).toBe(`${A} -c "x = y + 1" && echo ok`);
    expect(rewriteArithmetic('echo "d$((oid%32))/$((oid))"')).toBe(`echo "d$(${A} "oid%32")/$(${A} "oid")"`);
    expect(rewriteArithmetic("while (( i < 3 )); do echo; done")).toBe(
      `while ${A} -c " i < 3 "; do echo; done`,
    );
    expect(rewriteArithmetic("if ((v)); then :; fi")).toBe(`if ${A} -c "v"; then :; fi`);
  });

  it("leaves quoted text, comments and quoted here-docs alone", () => {
    for (const s of [
      "echo '$((1+1))'",
      "awk '{ print $((1)) }'",
      "echo hi # $((1+1))",
      "cat <<'EOF'\n$((1+1))\nEOF",
      "echo \\$((1+1))",
    ]) {
      expect(rewriteArithmetic(s)).toBe(s);
    }
    expect(rewriteArithmetic("cat <<EOF\n$((1+1))\nEOF")).toBe(`cat <<EOF\n$(${A} "1+1")\nEOF`);
  });

  it("keeps what must stay native: side effects, arrays, nested substitutions, C-style for, subshells", () => {
    for (const s of [
      "echo $((i++))",
      "echo $((x = 3))",
      "echo $((x += 3))",
      "echo $((a[1] + 2))",
      "echo $(( $(cat n) + 1 ))",
      "for ((i = 0; i < 3; i++)); do :; done",
      "$( (echo a) )",
      "((cd /; ls); echo)",
    ]) {
      expect(rewriteArithmetic(s)).toBe(s);
    }
    expect(needsArith64("x == y")).toBe(true);
    expect(needsArith64("x <= y")).toBe(true);
    expect(needsArith64("x <<= y")).toBe(false);
  });

  it("renames commands only in command position", () => {
    const r = { help: ".kdebug_help" };
    expect(rewriteArithmetic("help cd; echo help | grep help && help", r)).toBe(
      ".kdebug_help cd; echo help | grep help && .kdebug_help",
    );
    expect(rewriteArithmetic("X=1 help", r)).toBe("X=1 .kdebug_help");
    expect(rewriteArithmetic("echo 'help'; helpful", r)).toBe("echo 'help'; helpful");
  });
});
