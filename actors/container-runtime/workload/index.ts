// The workload model of the container runtime: what a container does, since it runs no real
// process (see process.ts for the contract), and the simulated registry's image catalog.

export { workloadModel, cpuMsPerRequest } from './model.ts';
export { imageCatalog } from './images.ts';
export { parseReference, type ImageReference } from './reference.ts';
export { ANNOTATION_PREFIX, ANNOTATION_KEYS, parseTuning, type Tuning } from './annotations.ts';
export { EXEC_FOREVER_MS } from './exec.ts';
