/**
 * Explain mode (a kdebug-lab addition): `files` shows the memory walk behind its answer, and every
 * address and value in that walk agrees with the kernel model read independently.
 */
import { expect, it } from "vitest";
import { openFiles } from "../../emulator/kernel/linux/files";
import { panicTask } from "../../emulator/kernel/linux/tasks";
import { crashSession } from "./tasks-harness";

it("files --explain walks task_struct.files -> fdtable.fd[N] -> file -> dentry -> d_name", async () => {
  const t = crashSession("client_lbug");
  const prog = t.session.prog;
  const task = panicTask(prog);
  const last = openFiles(prog, task).at(-1)!;
  const out = await t.run("files --explain");
  const walk = out.slice(out.indexOf("[explain]"));
  const files = prog.readMember(task.address, "task_struct", "files");
  const offFiles = prog.offsetOf("task_struct", "files");
  expect(walk).toContain(`task_struct.files   ${task.address.toString(16)} +0x${offFiles.toString(16)}`);
  expect(walk).toMatch(new RegExp(`task_struct\\.files .*->  0x${files.toString(16)}`));
  expect(walk).toMatch(
    new RegExp(`fd\\[${last.fd}\\] .*->  0x${last.file.toString(16)} \\(struct file \\*\\)`),
  );
  expect(walk).toMatch(new RegExp(`file\\.f_path\\.dentry .*->  0x${last.dentry.toString(16)}`));
  expect(walk).toContain(`"${last.path.split("/").at(-1)}"`);
  expect(walk).toMatch(/inode\.i_mode .*\(REG\)/);
  // Without explain, no walk is printed.
  expect(await t.run("files")).not.toContain("[explain]");
});

it("set explain on applies to later commands and -R picks the fd to explain", async () => {
  const t = crashSession("client_lbug");
  await t.run("set explain on");
  const out = await t.run("files -R 3");
  const f3 = openFiles(t.session.prog, panicTask(t.session.prog)).find((f) => f.fd === 3)!;
  expect(out).toMatch(new RegExp(`fd\\[3\\] .*->  0x${f3.file.toString(16)}`));
  await t.run("set explain off");
  expect(await t.run("files -R 3")).not.toContain("[explain]");
});
