export * from './errors.js';
export * from './api/instance.js';
export * from './api/health.js';
export * from './api/client-errors.js';
