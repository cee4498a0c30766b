ALTER TABLE "chats" ADD COLUMN "last_message_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "quote_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "forwarded_author_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "forwarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_forwarded_author_id_users_id_fk" FOREIGN KEY ("forwarded_author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
UPDATE "chats" SET "last_message_at" = (SELECT max("created_at") FROM "messages" WHERE "messages"."chat_id" = "chats"."id");
