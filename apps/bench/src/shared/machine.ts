import { availableParallelism, cpus, totalmem } from "node:os";

/** What a benchmark number depends on besides the code. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memory_gb: number;
  node: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}
