export * from './errors.js';
export * from './api/instance.js';
export * from './api/health.js';
export * from './api/client-errors.js';
export * from './api/auth.js';
export * from './api/users.js';
export * from './realtime/frames.js';
export * from './api/chats.js';
