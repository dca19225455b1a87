// How the schema names types: after kubernetes-types' module paths, so generated names and the
// patch metadata's names agree (`apps/v1.Deployment`, `meta/v1.ObjectMeta`).

/** The schema module of a group version: `apps` v1 → `apps/v1`; the core group → `core/v1`. */
export const modulePathOf = (group: string, version: string): string => `${group === '' ? 'core' : group.split('.')[0]}/${version}`;
