export * from './territories';
