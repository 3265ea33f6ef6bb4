export * from './secret-reader';
export * from './secure-service-account';
