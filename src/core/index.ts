export * from './errors';
export * from './manifest';
export * from './names';
export * from './rbac';
export * from './workload-identity';
