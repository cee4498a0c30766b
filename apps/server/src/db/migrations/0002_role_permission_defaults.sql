-- Default permissions of the system roles. Anything not listed is denied.
INSERT INTO "role_permissions" ("role", "permission") VALUES
  ('owner', 'users.read'), ('owner', 'users.manage'), ('owner', 'users.block'), ('owner', 'roles.assign'),
  ('owner', 'chats.create'), ('owner', 'chats.manage'), ('owner', 'meetings.create'),
  ('owner', 'messages.moderate'), ('owner', 'audit.read'), ('owner', 'activity.read_any'),
  ('owner', 'settings.manage'),
  ('admin', 'users.read'), ('admin', 'users.manage'), ('admin', 'users.block'), ('admin', 'roles.assign'),
  ('admin', 'chats.create'), ('admin', 'chats.manage'), ('admin', 'meetings.create'),
  ('admin', 'messages.moderate'), ('admin', 'audit.read'), ('admin', 'activity.read_any'),
  ('moderator', 'users.read'), ('moderator', 'chats.create'), ('moderator', 'meetings.create'),
  ('moderator', 'messages.moderate'),
  ('member', 'users.read'), ('member', 'chats.create'), ('member', 'meetings.create')
ON CONFLICT DO NOTHING;
-- Guests get nothing by default: they see only the chats and meetings they are added to.
