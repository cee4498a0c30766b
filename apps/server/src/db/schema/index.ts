export * from './instance.js';
export * from './users.js';
export * from './outbox.js';
export * from './chats.js';
export * from './files.js';
export * from './notifications.js';
export * from './push.js';
export * from './meetings.js';
