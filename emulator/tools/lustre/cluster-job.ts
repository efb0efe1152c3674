/**
 * `cluster-job start|status|stop`: the lab's stand-in for a cluster's batch system. It runs the
 * job of emulator/live/cluster-job.ts on testfs0 from simulated compute nodes: their files show
 * up under /mnt/lustre/job, and vm0's servers hold one lock per node on every object a node
 * uses, until the job stops and the nodes cancel them.
 */
import { clusterJobPlan, FIRST_CLIENT_NID, JOB_DIR } from "../../live/cluster-job";
import { openLive } from "../../live/guest";
import type { ToolCommand, ToolIO } from "../toolapi";

const USAGE =
  "Usage: cluster-job start|status|stop\n" +
  "  start   run the simulated cluster's job on testfs0 (needs the servers started and /mnt/lustre mounted)\n" +
  "  status  show whether the job runs, on how many nodes\n" +
  "  stop    end the job: its nodes cancel their locks (the files stay)\n";

function lastNid(clients: number): string {
  const [a, b, c, d] = FIRST_CLIENT_NID;
  const n = (c << 8) + d + clients - 1;
  return `${a}.${b}.${n >> 8}.${n & 0xff}@tcp`;
}

export const clusterJobTool: ToolCommand = {
  name: "cluster-job",
  summary: "Run, show or stop the simulated cluster's job on testfs0",
  async run(io: ToolIO): Promise<number> {
    const [action, ...extra] = io.args;
    if (action === "-h" || action === "--help") {
      io.stdout(USAGE);
      return 0;
    }
    if (!action || extra.length || !["start", "status", "stop"].includes(action)) {
      io.stderr(action && !extra.length ? `cluster-job: unknown command '${action}'\n${USAGE}` : USAGE);
      return 2;
    }
    const live = await openLive(io);
    const st = live.state;
    const plan = clusterJobPlan();
    const job = st.job;
    if (action === "status") {
      if (!job) io.stdout("cluster-job: no job has run on testfs0\n");
      else
        io.stdout(
          `job ${job.id}: ${job.running ? "running" : "stopped"} on ${job.clients} nodes ` +
            `(${FIRST_CLIENT_NID.join(".")}@tcp - ${lastNid(job.clients)}), files in ${JOB_DIR}\n`,
        );
      return 0;
    }
    if (action === "stop") {
      if (!job?.running) {
        io.stderr("cluster-job: no job is running\n");
        return 1;
      }
      job.running = false;
      for (const f of st.files) if (f.remote) f.remoteLocks = 0;
      live.advance(2000000000n);
      await live.save();
      io.stdout(`job ${job.id}: stopped, ${job.clients} nodes cancelled their locks\n`);
      return 0;
    }
    if (!st.lustre.started || !st.lustre.mounted) {
      io.stderr(
        "cluster-job: testfs0 is not ready: start the servers and mount the client first (shine -L start; shine -L mount)\n",
      );
      return 1;
    }
    if (job?.running) {
      io.stderr(`cluster-job: job ${job.id} is already running\n`);
      return 1;
    }
    await io.sh(`mkdir -p ${JOB_DIR}/out`);
    for (const f of plan.files) {
      const path = `${JOB_DIR}/${f.name}`;
      const known = st.files.find((x) => x.path === path);
      if (known) known.remoteLocks = f.clients;
      else {
        st.files.push({ path, ostIndex: f.ostIndex, remote: true, remoteLocks: f.clients, size: f.size });
        await io.fs.writeFile(path, f.content);
      }
    }
    st.job = { id: plan.id, clients: plan.clients, running: true };
    live.advance(30000000000n);
    await live.save();
    io.stdout(
      `job ${plan.id}: running on ${plan.clients} nodes (${FIRST_CLIENT_NID.join(".")}@tcp - ${lastNid(plan.clients)}), working in ${JOB_DIR}\n`,
    );
    return 0;
  },
};
