import { describe, expect, it } from "vitest";
import { ShellSession } from "../../emulator/shell/session";
import { realBash } from "./bash-oracle";
import { foreachBt, perfScript, rdLines } from "./fixtures";

interface Out {
  stdout: string;
  stderr: string;
  exitCode: number;
  exited: boolean;
}

async function run(session: ShellSession, script: string, stdin?: string): Promise<Out> {
  let stdout = "";
  let stderr = "";
  const r = await session.run(script, {
    stdin,
    onOutput: (o, e) => {
      stdout += o;
      stderr += e;
    },
  });
  return { stdout, stderr, exitCode: r.exitCode, exited: r.exited };
}

async function sessionWith(files: Record<string, string>, interactive = true): Promise<ShellSession> {
  const s = new ShellSession({ interactive, cwd: "/root" });
  for (const [name, content] of Object.entries(files)) await s.fs.writeFile(`/root/${name}`, content);
  return s;
}

describe("state carried across command lines", () => {
  it("keeps cwd, variables, exports, functions, aliases, arrays and $?", async () => {
    const s = await sessionWith({});
    await run(s, "cd /var/crash/client_lbug");
    expect(s.cwd).toBe("/var/crash/client_lbug");
    await run(s, "export A=1; B=2; arr=(x y z); f() { echo \"f:$1:$B\"; }; alias ll='ls -1'");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    expect((await run(s, "echo $A $B ${arr[2]} ${#arr[@]}")).stdout).toBe("1 2 z 3\n");
    expect((await run(s, "f arg")).stdout).toBe("f:arg:2\n");
    expect((await run(s, "ll /var/crash")).stdout).toBe("client_lbug\nls_stuck\nserver_load\n");
    expect((await run(s, "env | grep -E '^(A|B)='")).stdout).toBe("A=1\n");
    await run(s, "false");
    expect((await run(s, "echo $?")).stdout).toBe("1\n");
    expect((await run(s, "cd /tmp; cd -")).stdout).toBe("/var/crash/client_lbug\n");
    await run(s, "unset -f f; unalias ll");
    expect((await run(s, "f x")).exitCode).toBe(127);
    expect((await run(s, "ll")).stderr).toBe("bash: ll: command not found\n");
  });

  it("keeps multi-line functions and set -o options", async () => {
    const s = await sessionWith({});
    await run(s, 'g() {\n  local n=$1\n  echo "g($n) $((n * 2))"\n}');
    expect((await run(s, "g 21")).stdout).toBe("g(21) 42\n");
    await run(s, "set -o pipefail");
    expect((await run(s, "false | true; echo $?")).stdout).toBe("1\n");
    await run(s, "set +o pipefail");
    expect((await run(s, "false | true; echo $?")).stdout).toBe("0\n");
  });

  it("logs out on exit and on a failure under set -e", async () => {
    const s = await sessionWith({});
    const r = await run(s, "echo bye; exit 3");
    expect(r).toMatchObject({ stdout: "bye\n", exitCode: 3, exited: true });
    const t = await sessionWith({});
    expect((await run(t, "set -e")).exited).toBe(false);
    expect((await run(t, "false")).exited).toBe(true);
    const u = await sessionWith({});
    expect((await run(u, "echo $((1/0))")).exited).toBe(false);
  });

  it("aborts the rest of the line after an arithmetic expansion error, as bash does", async () => {
    const s = await sessionWith({});
    const r = await run(s, "echo $((1/0)); echo next");
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('bash: 1/0: division by 0 (error token is "0")\n');
    expect(r.exitCode).toBe(1);
    expect((await run(s, "echo still here")).stdout).toBe("still here\n");
    const c = await run(s, "((1/0)); echo next $?");
    expect(c.stdout).toBe("next 1\n");
    expect(c.stderr).toBe('bash: ((: 1/0: division by 0 (error token is "0")\n');
  });
});

describe("64-bit arithmetic in the shell", () => {
  it("computes with kernel addresses", async () => {
    const s = await sessionWith({});
    expect((await run(s, "echo $((0xffff917c6648f3c0 - 0xffff917c6648f000))")).stdout).toBe("960\n");
    expect((await run(s, "printf '%x\\n' 0xffff917c6648f3c0")).stdout).toBe("ffff917c6648f3c0\n");
    expect((await run(s, "echo $((0xffff917c6648f3c0))")).stdout).toBe("-121511498681408\n");
    expect((await run(s, "oid=0x42; echo $((oid%32)) $((oid))")).stdout).toBe("2 66\n");
    expect((await run(s, "((x = 0xffff917c6648f3c0 + 1)); printf '%x\\n' $x")).stdout).toBe(
      "ffff917c6648f3c1\n",
    );
    expect((await run(s, "printf -v hex '%#x' $((1<<63)); echo $hex")).stdout).toBe("0x8000000000000000\n");
  });

  it("agrees with bash on arithmetic inside quotes, here-docs, loops and conditions", async () => {
    const script = [
      'v=0xffff917c6648f3c0; echo "$((v & 0xfff)) $(( (v >> 12) & 0xf ))"',
      "echo '$((1+1))' \"$((1+1))\" $(( $(echo 3) + 4 ))",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
      "cat <<EOF\n  a $((2**62*2)) ${v}\nEOF",
      "cat <<'EOF'\n  b $((1+1))\nEOF",
      "for ((i=0; i<3; i++)); do printf '%d ' $((i * 0x100000000)); done; echo",
      "i=0; while ((i < 3)); do ((i++)); done; echo $i",
      "if (( v < 0 )); then echo negative; fi",
      "n=5; echo $(( n > 3 ? n * 2 : n ))  # comment $((1/0))",
    ].join("\n");
    const s = await sessionWith({});
    const ours = await run(s, script);
    const theirs = realBash(script);
    expect(ours.stderr).toBe("");
    expect(ours.stdout).toBe(theirs.stdout);
  });
});

describe("the talk's pipelines give what GNU tools give", () => {
  const files = {
    foreach_bt: foreachBt(400),
    conn_rd: rdLines(20000),
    perf_out: perfScript(300),
    export: `${Array.from({ length: 3000 }, (_, i) => `0xffff917c96f5${(0x9000 + (i % 37) * 0x400).toString(16)}`).join("\n")}\n`,
  };
  const pipelines = [
    `awk '/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME": "$1" "$3" "$5}' foreach_bt | head -40`,
    `awk '{ print $2 }' conn_rd | sort | uniq -c | sort -h`,
    `awk '{ print $2 }' conn_rd | sort | uniq -c | sort -n | tail -5`,
    `grep -c kthread foreach_bt; grep -B 1 'schedule at' foreach_bt | head -12; grep -E 'ldlm_completion_ast|lock_res_and_lock' foreach_bt | wc -l`,
    `sed -ne 's/.*lr_refcount=\\(0x[0-9a-f]*\\) name=\\(0x[0-9a-f]*\\).*/\\1 \\2/p' perf_out | while read refcount oid; do echo "stat /O/0/d$((oid%32))/$((oid)) $((refcount))"; done | sort -k 4nr | head -20`,
    `while read e; do echo $(( e & 0xfff )); done < export | sort -n | uniq -c`,
    `tail -n 31 foreach_bt | head -n 13`,
    `sort export | uniq | wc -l; sort -u export | head -3; cut -c1-10 export | sort | uniq -c`,
    `awk 'BEGIN { n = 0 } /COMMAND/ { split($8, a, "\\""); n++ } END { print n }' foreach_bt`,
    `cat <<EOF | sort -r\nb\na\nc\nEOF`,
    `for f in foreach_bt export; do printf '%s %d\\n' "$f" $(wc -l < "$f"); done`,
  ];
  for (const p of pipelines) {
    it(p.split("\n")[0], async () => {
      const s = await sessionWith(files, false);
      const ours = await run(s, p);
      const theirs = realBash(p, files);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(ours.stdout).toBe(theirs.stdout);
    });
  }
});
