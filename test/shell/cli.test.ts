import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/kdebug-lab.mjs", import.meta.url));

function cli(args: string[], input = "") {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe("kdebug-lab CLI", () => {
  it("exec runs a command line in a fresh guest of the lab and passes output and status through", () => {
    const r = cli([
      "exec",
      "client-lbug",
      "pwd; echo $((0xffff917c6648f3c0 - 0xffff917c6648f000)); foo; uname -r >&2; exit 3",
    ]);
    expect(r.stdout).toBe("/var/crash/client_lbug\n960\n");
    expect(r.stderr).toBe("bash: foo: command not found\n3.10.0-957.21.3.el7.x86_64\n");
    expect(r.status).toBe(3);
  });

  it("exec - reads the script, here-documents included, from stdin", () => {
    const r = cli(["exec", "server-load", "-"], "cd ..\ncat <<EOF | sort\nb $((1<<40))\na\nEOF\nls\n");
    expect(r.stdout).toBe("a\nb 1099511627776\nclient_lbug\nls_stuck\nserver_load\n");
    expect(r.status).toBe(0);
  });

  it("exec gives piped data to the command", () => {
    expect(cli(["exec", "setup", "awk '{ print $2 }'"], "x y z\n").stdout).toBe("y\n");
  });

  it("shell runs typed lines and ends on exit", () => {
    const r = cli(["shell", "ls-stuck"], "cd ..\recho here\rexit 4\r");
    expect(r.stdout).toContain(
      "[root@kdebug ls_stuck]# cd ..\r\n[root@kdebug crash]# echo here\r\nhere\r\n[root@kdebug crash]# exit 4\r\nlogout\r\n",
    );
    expect(r.status).toBe(4);
  });

  it("rejects unknown labs and commands", () => {
    expect(cli(["exec", "nolab", "true"])).toMatchObject({ status: 2 });
    expect(cli(["exec", "nolab", "true"]).stderr).toMatch(/^kdebug-lab: unknown lab 'nolab'/);
    expect(cli(["frobnicate"]).status).toBe(2);
  });

  it("scenario --summary delegates to the scenarios module", () => {
    const r = cli(["scenario", "client_lbug", "--summary"]);
    expect(r.status === 0 ? r.stdout.length > 0 : r.stdout === "not implemented\n").toBe(true);
  });
});
