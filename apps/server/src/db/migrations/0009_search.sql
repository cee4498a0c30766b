-- Message search (modules/search). Kept out of the Drizzle schema on purpose: the repositories
-- select whole message rows, and none of them should carry the tsvector along.
-- The 'russian' configuration stems Cyrillic words with russian_stem and ASCII words with
-- english_stem, so one vector finds both languages by word forms. The column is computed from
-- `text`, which an edit replaces and a delete empties: old wording cannot be found.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('russian'::regconfig, "text")) STORED;--> statement-breakpoint
CREATE INDEX "messages_search_vector" ON "messages" USING gin ("search_vector");--> statement-breakpoint
-- Trigrams find partial words and mixed-script terms (`ILIKE '%term%'`) that stemming misses.
CREATE INDEX "messages_text_trgm" ON "messages" USING gin ("text" gin_trgm_ops);
