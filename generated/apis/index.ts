export * from './ExperimentsApi';
