CREATE TABLE "meeting_guest_accounts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_guest_accounts" ADD CONSTRAINT "meeting_guest_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_guest_accounts" ADD CONSTRAINT "meeting_guest_accounts_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_guest_accounts_live" ON "meeting_guest_accounts" USING btree ("meeting_id") WHERE "meeting_guest_accounts"."expired_at" is null;--> statement-breakpoint
-- Guest accounts made before this migration: linked to the first meeting they asked to join.
INSERT INTO "meeting_guest_accounts" ("user_id", "meeting_id", "created_at")
SELECT DISTINCT ON ("users"."id") "users"."id", "meeting_participants"."meeting_id", "users"."created_at"
FROM "users" JOIN "meeting_participants" ON "meeting_participants"."user_id" = "users"."id"
WHERE "users"."role" = 'guest' AND "users"."email" LIKE 'guest-%@guests.invalid'
ORDER BY "users"."id", "meeting_participants"."asked_at"
ON CONFLICT DO NOTHING;
