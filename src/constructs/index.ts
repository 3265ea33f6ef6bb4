export * from './secret-reader';
export * from './secure-service-account';
export * from './secret-store';
export * from './external-secret';
export * from './consumption';
export * from './network-policies';
