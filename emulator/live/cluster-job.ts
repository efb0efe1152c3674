/**
 * The simulated cluster's job on testfs0: vm0 serves the filesystem to compute nodes that
 * exist only as the locks they hold. A typical MPI job reads a few shared inputs on every node
 * (one PR lock per node on each of those objects) and writes per-aggregator outputs, which is
 * how an OST object reaches thousands of references on a real server (the recap slide's
 * 0x900). The plan is a pure function of a seed, so graders and tests compute the same job.
 */
import { Rng } from "../kernel/random";

export const JOB_DIR = "/mnt/lustre/job";
export const JOB_SEED = 0xc1057e;
/** Lowest NID of the compute nodes (10.200.1.0/22 … on tcp). */
export const FIRST_CLIENT_NID = [10, 200, 1, 1] as const;

export interface JobFile {
  /** Path under JOB_DIR. */
  readonly name: string;
  /** Compute nodes holding a lock on the file's objects while the job runs. */
  readonly clients: number;
  readonly ostIndex: number;
  readonly size: number;
  readonly content: string;
}

export interface JobPlan {
  readonly id: number;
  readonly clients: number;
  readonly files: readonly JobFile[];
}

const OUTPUT_FILES = 128;

/** Every node reads the parameters, most read the mesh and the input, half the restart file. */
export function clusterJobPlan(seed = JOB_SEED): JobPlan {
  const rng = new Rng(seed);
  const id = 100000 + rng.int(900000);
  const clients = rng.range(2944, 3071);
  const share = (f: number) => Math.floor(clients * f) + rng.int(32);
  const files: JobFile[] = [
    {
      name: "params.nml",
      clients,
      ostIndex: 1,
      size: 412,
      content: `&run\n  nsteps = 2000\n  dt = 0.5\n  nodes = ${clients}\n/\n`,
    },
    {
      name: "mesh.h5",
      clients: share(0.875),
      ostIndex: 0,
      size: 805306368,
      content: "\u0089HDF\r\n\u001a\n",
    },
    { name: "input.dat", clients: share(0.8), ostIndex: 1, size: 268435456, content: "input\n" },
    { name: "restart.chk", clients: share(0.5), ostIndex: 0, size: 1073741824, content: "restart\n" },
    { name: "job.log", clients: 64, ostIndex: 1, size: 65536, content: `job ${id}: running\n` },
  ];
  for (let i = 0; i < OUTPUT_FILES; i++)
    files.push({
      name: `out/part-${String(i).padStart(3, "0")}`,
      clients: 1,
      ostIndex: i % 2,
      size: 4194304 + rng.int(1 << 20),
      content: "",
    });
  return { id, clients, files };
}
