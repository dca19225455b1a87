// The simulation kernel: an actor system on virtual time, with hosts on a seeded network and
// disks that lose their unsynced writes.

export { Disk, type DiskView, type DiskWrite } from './disk.ts';
export { checkLink, defaultLink, type LinkConfig, Network } from './network.ts';
export { RunLimitError, Simulation, type SimulationOptions, VirtualTimeStuckError } from './simulation.ts';
export { VirtualClock } from './virtual-clock.ts';
