import { expect, it } from "vitest";
import { ShellSession } from "../../emulator/shell/session";
import { runLine } from "./run-line";

function sh(line: string) {
  return runLine(new ShellSession({ interactive: true }), line);
}

it("nproc agrees with the processors listed in /proc/cpuinfo", async () => {
  const listed = (await sh("grep -c ^processor /proc/cpuinfo")).stdout.trim();
  expect((await sh("nproc")).stdout.trim()).toBe(listed);
  expect((await sh("nproc --all")).stdout.trim()).toBe(listed);
  expect((await sh("nproc --ignore=4")).stdout.trim()).toBe(String(Number(listed) - 4));
  expect((await sh("nproc --ignore=999")).stdout.trim()).toBe("1");
});

it("nproc rejects bad options and numbers like coreutils", async () => {
  expect(await sh("nproc -x")).toMatchObject({
    stderr: "nproc: invalid option -- 'x'\nTry 'nproc --help' for more information.\n",
    exitCode: 1,
  });
  expect(await sh("nproc --ignore=z")).toMatchObject({ stderr: "nproc: invalid number: ‘z’\n", exitCode: 1 });
});
