export * from './territories';
export * from './access';
