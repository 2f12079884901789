/* tslint:disable */
/* eslint-disable */
export * from './ExperimentsApi';
export * from './PostHogExperimentHoldoutsApi';
export * from './PostHogExperimentSavedMetricsApi';
export * from './PostHogExperimentsApi';
