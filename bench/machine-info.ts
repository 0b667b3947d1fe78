import os from 'node:os';

/** The machine a benchmark ran on. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  /** Total memory in GiB. */
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

/** Describes this machine: CPU model, core count, total memory, Node version and platform. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}
