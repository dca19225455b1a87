// The simulated cloud's surface for the cluster builder and for tests.

export { CLOUD_PROVIDER_KIND, cloudProvider } from './actor.ts';
export { type CloudOptions, type CloudState, handle, newCloud } from './cloud.ts';
