-- Search speed (modules/search). Newest-first order over undeleted messages: for a word found in
-- a large share of messages, date order walks this index back in time, checking the full-text
-- match row by row, and stops after a page; relevance takes its window of the newest matches the
-- same way. Rare words still come from the GIN indexes of 0009; the planner picks by estimate.
CREATE INDEX "messages_search_time" ON "messages" USING btree ("created_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL;--> statement-breakpoint
-- File search by name (`GET /api/v1/search/files`): parts of names, any script.
CREATE INDEX "files_name_trgm" ON "files" USING gin ("name" gin_trgm_ops) WHERE "deleted_at" IS NULL;
