/**
 * `npx kdebug-lab <command>`: the labs' guests in your own terminal.
 *   shell [lab]              interactive shell (raw mode, same line editing as the site)
 *   exec <lab> '<line>'      run one command line non-interactively; stdout, stderr, exit code pass through
 *   exec <lab> -             the script comes from stdin (crash vmlinux vmcore <<EOF ... works)
 *   scenario <id> --summary  what the scenario's vmcore holds
 */
import { createSimulatedGuest } from "../guest/simulated-guest";
import { ShellSession } from "../shell/session";
import { defaultTools } from "../shell/tools-registry";
import { CLI_LABS, type CliLab, findLab } from "./labs";

const USAGE = `Usage:
  kdebug-lab shell [lab]              interactive shell of a lab (default: setup)
  kdebug-lab exec <lab> '<command>'   run a command line in a fresh guest of the lab
  kdebug-lab exec <lab> -             run a script read from standard input
  kdebug-lab scenario <id> --summary  summary of a scenario's vmcore

Labs: ${CLI_LABS.map((l) => l.id).join(", ")}
`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whole standard input, or null when it is a terminal. */
  readonly readStdin: () => Promise<string | null>;
}

function nodeIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      if (process.stdin.isTTY) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

/** Run the CLI; resolves with the process exit code. */
export async function main(argv: readonly string[], io: CliIo = nodeIo()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "shell":
      return shell(rest[0] ?? "setup", io);
    case "exec":
      return exec(rest, io);
    case "scenario":
      return scenario(rest, io);
    case "-h":
    case "--help":
    case "help":
      io.stdout(USAGE);
      return 0;
    default:
      io.stderr(command ? `kdebug-lab: unknown command '${command}'\n${USAGE}` : USAGE);
      return 2;
  }
}

function labOrError(id: string | undefined, io: CliIo): CliLab | null {
  const lab = id ? findLab(id) : undefined;
  if (!lab) {
    io.stderr(`kdebug-lab: unknown lab '${id ?? ""}' (labs: ${CLI_LABS.map((l) => l.id).join(", ")})\n`);
    return null;
  }
  return lab;
}

async function exec(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length < 2) {
    io.stderr(`kdebug-lab: exec needs a lab and a command line\n${USAGE}`);
    return 2;
  }
  const lab = labOrError(args[0], io);
  if (!lab) return 2;
  let script = args.slice(1).join(" ");
  let stdin: string | undefined;
  if (script === "-") {
    script = (await io.readStdin()) ?? "";
  } else {
    stdin = (await io.readStdin()) ?? undefined;
  }
  if (lab.guest === "v86") return execLive(script, io);
  const session = new ShellSession({ interactive: false, cwd: lab.cwd, tools: defaultTools() });
  const r = await session.run(script, {
    stdin,
    onOutput: (stdout, stderr) => {
      io.stdout(stdout);
      io.stderr(stderr);
    },
  });
  return r.exitCode;
}

async function loadV86(io: CliIo) {
  try {
    return await import("../v86/node");
  } catch (e) {
    io.stderr(
      `kdebug-lab: the live-kernel lab is not available in this checkout (${e instanceof Error ? e.message : String(e)})\n`,
    );
    return null;
  }
}

async function execLive(script: string, io: CliIo): Promise<number> {
  const v86 = await loadV86(io);
  if (!v86) return 2;
  let guest: Awaited<ReturnType<typeof v86.createV86NodeGuest>>;
  try {
    guest = await v86.createV86NodeGuest();
  } catch (e) {
    io.stderr(`kdebug-lab: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    return await guest.exec(script, (data) => io.stdout(data));
  } finally {
    guest.dispose();
  }
}

async function scenario(args: readonly string[], io: CliIo): Promise<number> {
  const id = args.find((a) => !a.startsWith("-"));
  if (!id || !args.includes("--summary")) {
    io.stderr("Usage: kdebug-lab scenario <id> --summary\n");
    return 2;
  }
  let mod: { scenarioSummary?: (id: string) => string };
  try {
    mod = (await import("../scenarios/index")) as { scenarioSummary?: (id: string) => string };
  } catch {
    mod = {};
  }
  if (typeof mod.scenarioSummary !== "function") {
    io.stderr("kdebug-lab: scenario summaries are not implemented yet\n");
    io.stdout("not implemented\n");
    return 2;
  }
  try {
    io.stdout(mod.scenarioSummary(id).replace(/\n?$/, "\n"));
    return 0;
  } catch (e) {
    io.stderr(`kdebug-lab: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

async function shell(labId: string, io: CliIo): Promise<number> {
  const lab = labOrError(labId, io);
  if (!lab) return 2;
  const stdin = process.stdin;
  const stdout = process.stdout;
  let guest: {
    start(): Promise<void>;
    input(d: string): void;
    onOutput(l: (d: string) => void): () => void;
    resize(c: number, r: number): void;
    dispose(): void;
  };
  let exited: Promise<number>;
  if (lab.guest === "v86") {
    const v86 = await loadV86(io);
    if (!v86) return 2;
    const live = await v86.createV86NodeGuest();
    guest = live;
    // The live console has no logout signal of its own: Ctrl-] leaves, as in telnet.
    exited = new Promise((resolve) => {
      stdin.on("data", (d: Buffer) => {
        if (d.includes(0x1d)) resolve(0);
      });
    });
  } else {
    const sim = createSimulatedGuest({
      lab: { cwd: lab.cwd },
      columns: stdout.columns ?? 80,
      rows: stdout.rows ?? 24,
      relogin: false,
    });
    guest = sim;
    exited = new Promise((resolve) => sim.onExit(resolve));
  }
  guest.onOutput((d) => stdout.write(d));
  const raw = stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  const onData = (d: string | Buffer) => guest.input(typeof d === "string" ? d : d.toString("utf8"));
  stdin.on("data", onData);
  // Input from a pipe that ends is a Ctrl-D at the prompt: the shell logs out.
  const onEnd = () => guest.input("\x04");
  stdin.on("end", onEnd);
  const onResize = () => guest.resize(stdout.columns ?? 80, stdout.rows ?? 24);
  stdout.on("resize", onResize);
  stdin.resume();
  await guest.start();
  const code = await exited;
  stdin.off("data", onData);
  stdin.off("end", onEnd);
  stdout.off("resize", onResize);
  if (raw) stdin.setRawMode(false);
  stdin.pause();
  guest.dispose();
  return code;
}
