import { ErrorCode, type HighlightRange, type SearchOrder } from '@beseda/protocol';
import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';

/** More words than this make a query slower without making it more precise. */
export const MAX_TERMS = 8;
/** Trigram indexes cannot narrow a pattern shorter than one trigram: such terms match whole words only. */
export const MIN_PARTIAL_LENGTH = 3;

/** Marks put around matches by ts_headline; stripped from the text first, so they cannot be forged. */
export const MATCH_START = '\u0001';
export const MATCH_END = '\u0002';

/**
 * The words of a query: letters and digits, whatever the script, so `iPhone-чехол` is two
 * words that must both occur. Duplicates and case differences collapse.
 */
export function searchTerms(query: string): string[] {
  const words = query.toLocaleLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** `%term%` for ILIKE, with the pattern characters of the term taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * ts_headline's output with its marks removed, plus the ranges they enclosed, plus every place a
 * term occurs inside a longer word (what trigram matching found). Offsets are UTF-16, as
 * JavaScript indexes strings, and ranges come sorted and merged.
 */
export function highlight(marked: string, terms: string[]): { text: string; highlights: HighlightRange[] } {
  const ranges: HighlightRange[] = [];
  let text = '';
  let start = -1;
  for (const char of marked) {
    if (char === MATCH_START) start = text.length;
    else if (char === MATCH_END) {
      if (start >= 0 && text.length > start) ranges.push({ start, end: text.length });
      start = -1;
    } else text += char;
  }
  const lower = text.toLocaleLowerCase();
  // toLocaleLowerCase keeps the length for Cyrillic and Latin; for scripts where it does not,
  // skip substring marks rather than misplace them.
  if (lower.length === text.length) {
    for (const term of terms) {
      if (term.length < MIN_PARTIAL_LENGTH) continue;
      for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
        ranges.push({ start: at, end: at + term.length });
      }
    }
  }
  return { text, highlights: merge(ranges) };
}

function merge(ranges: HighlightRange[]): HighlightRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: HighlightRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** A message's place in time: PostgreSQL's own text of created_at (microseconds) and the id. */
export interface TimeKey {
  /** PostgreSQL's own text of the timestamp: microseconds, which a Date would round away. */
  createdAt: string;
  id: string;
}

/**
 * Opaque keyset cursor: the sort key of the last hit of the previous page. Relevance pages sort by
 * (rank, time, id), date pages by (time, id); a cursor only continues the order it came from.
 */
export interface SearchCursor extends TimeKey {
  order: SearchOrder;
  rank: number;
  /**
   * Relevance only: the oldest match the first page ranked, when it ranked a full window. Later
   * pages rank every match from there on, so messages sent meanwhile cannot push unseen hits out.
   */
  floor?: TimeKey;
}

const timeText = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/);

const CursorSchema = z.object({
  o: z.enum(['relevance', 'date']),
  r: z.number(),
  t: timeText,
  id: z.uuid(),
  // A slice starting at a moment has the nil UUID as its id, which z.uuid() refuses.
  f: z.object({ t: timeText, id: z.guid() }).optional(),
});

export function encodeSearchCursor(cursor: SearchCursor): string {
  const payload = {
    o: cursor.order,
    r: cursor.rank,
    t: cursor.createdAt,
    id: cursor.id,
    ...(cursor.floor ? { f: { t: cursor.floor.createdAt, id: cursor.floor.id } } : {}),
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** Throws 400 validation.failed for anything that is not a cursor of this order made by this server. */
export function decodeSearchCursor(cursor: string, order: SearchOrder): SearchCursor {
  let parsed: z.infer<typeof CursorSchema> | undefined;
  try {
    const result = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (result.success && result.data.o === order) parsed = result.data;
  } catch {
    parsed = undefined;
  }
  if (!parsed) {
    throw new AppError(ErrorCode.validationFailed, 400, 'The cursor is invalid', [
      {
        path: 'query.cursor',
        code: 'invalid',
        message: 'Use nextCursor from the previous page of the same order',
      },
    ]);
  }
  return {
    order,
    rank: parsed.r,
    createdAt: parsed.t,
    id: parsed.id,
    ...(parsed.f ? { floor: { createdAt: parsed.f.t, id: parsed.f.id } } : {}),
  };
}
