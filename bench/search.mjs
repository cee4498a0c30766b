// Message search latency over a large history, on PostgreSQL.
//
//   npm run build        (or: npx tsc -b packages/protocol apps/server)
//   node bench/search.mjs [--messages 1000000] [--rounds 20] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
//                         [--keep] [--database bench_search_y] [--dist apps/server/dist]
//
// Creates a scratch database next to the given one, applies the server's migrations through the
// built PostgresDatabase, and loads users, chats, memberships and `--messages` messages of mixed
// Russian and English text with SQL (generate_series; the message indexes are dropped during the
// load and rebuilt from their own definitions after it). Then it runs a mix of queries through
// the built SearchService, the code behind GET /api/v1/search/messages minus HTTP and auth, as
// the member of the most groups (about 40), who also reads every public channel, and
// prints p50 / p99 per query and overall. The database is dropped at the end unless --keep.
// --database names an existing database to use instead (loaded only if it has no messages yet,
// never dropped): one load can then be measured before and after a change of the search code,
// whose new migrations are applied when the bench opens it. --dist measures another build of the
// server, e.g. a copy of apps/server/dist made before a change (`cp -r apps/server/dist
// apps/server/dist-before`; kept inside the repository, it finds its packages in node_modules).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '20' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
    dist: { type: 'string', default: path.resolve(import.meta.dirname, '../apps/server/dist') },
  },
});
const messageCount = Number(values.messages);
const rounds = Number(values.rounds);
const dist = path.resolve(values.dist);
const { PostgresDatabase } = await import(path.join(dist, 'infra/db/postgres-database.js'));
const { SearchRepository } = await import(path.join(dist, 'modules/search/search.repository.js'));
const { SearchService } = await import(path.join(dist, 'modules/search/search.service.js'));
const { ChatsRepository } = await import(path.join(dist, 'modules/chats/chats.repository.js'));

const USERS = 2000;
const CHANNELS = 200;
const GROUPS = 800;
const MEMBERS_PER_GROUP = 40;

// Word frequencies follow Zipf's law, like real text: the word of rank r is drawn with probability
// about 1 / (r · ln N). The most frequent are stop words (which full-text search ignores), then
// everyday chat words in both languages in several forms each (`привет` ends up in about 5 % of
// messages, `встречи` in about 3 %), then a long tail of made-up words of a few syllables.
const stopWords = `
и в не на я что с а то это как он по но к у да так же от из за мы ты вы о the a to is it and of
in for on that you this
`
  .trim()
  .split(/\s+/);
const chatWords = `
привет спасибо да нет хорошо ладно сегодня завтра вчера встреча встречу встречи созвон созвона
задача задачи задачу задачей релиз релиза релизы сборка сборку сборки тест тесты тестов ошибка ошибку
ошибки баг баги исправил исправила исправлю проверь проверил проверила посмотри посмотрел документ
документы документа отчёт отчёта отчёты клиент клиента клиенты сервер сервера серверы база базы базу
данных данные миграция миграции миграцию деплой деплоя выкатил выкатили откатил прод продакшен
стенд стенда команда команды команде дизайн макет макеты макета обед обеда кофе отпуск отпуска
собака собаки собаками кошка кошки дом дома работа работы работаю работаем вопрос вопросы вопроса
ответ ответы ответил пожалуйста конечно наверное почему когда где сейчас потом быстро медленно
hello thanks yes no okay today tomorrow yesterday meeting meetings call calls task tasks release
releases build builds building test tests testing error errors bug bugs fixed fixing fix check
checked review reviewed document documents report reports client clients server servers database
migration migrations deploy deployed deploying rollback production staging team teams design
mockup mockups lunch coffee vacation question questions answer answered please sure maybe why
when where now later fast slow running runs ran dog dogs cat cats house work working worked
`
  .trim()
  .split(/\s+/);
/** Made-up words for the tail, none containing a query term (`кубер` must stay rare). */
function tailWords(count) {
  const scripts = [
    'ба ве ги до жу зы ли мо ну пе ра со ту фи ха це чу ша ле ни ро'.split(' '),
    'ka le mi no pu ra se ti vo zu'.split(' '),
  ];
  const avoid = ['куб', 'чех', 'гипер', 'абр', 'kub', 'terr', 'phone'];
  const words = [];
  for (let n = 0; words.length < count; n++) {
    const syllables = scripts[n % 2];
    let word = '';
    for (let k = n >> 1, parts = 2 + (n % 3); parts > 0; parts--, k = Math.floor(k / syllables.length) + 7) {
      word += syllables[k % syllables.length];
    }
    if (!avoid.some((part) => word.includes(part)) && !words.includes(word)) words.push(word);
  }
  return words;
}
const vocabulary = [...stopWords, ...chatWords, ...tailWords(4000)];
const rare = ['кубернетес', 'kubernetes', 'iPhone-чехол', 'PostgreSQL', 'гиперкуб', 'terraform'];

const queries = [
  { name: 'most common word (ru)', q: 'привет' },
  { name: 'common word (ru, form)', q: 'встречи' },
  { name: 'common word (en, form)', q: 'running' },
  { name: 'two words (ru)', q: 'ошибка сервер' },
  { name: 'two words (mixed)', q: 'релиз production' },
  { name: 'rare word', q: 'кубернетеса' },
  { name: 'partial word (trigram)', q: 'кубер' },
  { name: 'mixed-script term', q: 'iphone чехол' },
  { name: 'no match', q: 'абракадабра' },
  { name: 'stop word only (`это`)', q: 'это' },
  { name: 'common word, by date', q: 'задача', order: 'date' },
  { name: 'two words, by date', q: 'deploy staging', order: 'date' },
  { name: 'word + from author', q: 'отчёт', from: 'author' },
  { name: 'word + mentions me', q: 'посмотри', mentionsMe: 'true' },
  { name: 'word + in chat', q: 'тесты', chat: 'channel' },
  { name: 'word + last 30 days', q: 'клиент', since: 30 },
  { name: 'second page', q: 'сборка', page: 2 },
];

const name = values.database ?? `bench_search_${randomBytes(4).toString('hex')}`;
const serverUrl = new URL(values.postgres);
const databaseUrl = new URL(values.postgres);
databaseUrl.pathname = `/${name}`;

function psql(url, command) {
  const result = spawnSync('psql', [url.toString(), '-v', 'ON_ERROR_STOP=1', '-qAtc', command], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
}

const time = async (label, work) => {
  const started = performance.now();
  const result = await work();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

if (!values.database) psql(serverUrl, `create database ${name}`);
let database;
try {
  database = await time('migrations', () =>
    PostgresDatabase.open({ url: databaseUrl.toString(), poolSize: 2 }),
  );
  const client = new pg.Client({ connectionString: databaseUrl.toString() });
  await client.connect();
  try {
    await client.query(`set maintenance_work_mem = '1GB'`);
    const loaded = await client.query('select exists (select 1 from messages) as yes');
    if (loaded.rows[0].yes) console.log(`using the messages already in ${name}`);
    else await load(client);
    await reportSizes(client);
    const searcher = await pickSearcher(client);
    const postgres = (await client.query('show server_version')).rows[0].server_version;
    // No file links are signed here: the file URL signer is not needed.
    const service = new SearchService(new SearchRepository(database), new ChatsRepository(database), null);
    await measure(service, searcher, postgres);
  } finally {
    await client.end();
  }
} finally {
  await database?.close();
  if (values.keep || values.database) console.log(`kept database ${name}`);
  else psql(serverUrl, `drop database ${name}`);
}

async function load(client) {
  await time('users, chats, members', async () => {
    await client.query(`
      insert into users (id, email, email_confirmed_at, username, display_name)
      select gen_random_uuid(), 'u' || g || '@bench.test', now(), 'user' || g, 'User ' || g
      from generate_series(1, ${USERS}) g`);
    await client.query(`
      insert into chats (id, kind, name, created_at)
      select gen_random_uuid(), case when g <= ${CHANNELS} then 'channel' else 'group' end,
        'chat ' || g, now() - interval '400 days'
      from generate_series(1, ${CHANNELS + GROUPS}) g`);
    await client.query(`
      create temporary table numbered_users as select row_number() over (order by id) n, id from users;
      create temporary table numbered_chats as select row_number() over (order by kind, name) n, id, kind from chats`);
    // Each group gets a block of consecutive users; channels have a few members each.
    await client.query(`
      insert into chat_members (chat_id, user_id)
      select distinct c.id, u.id from numbered_chats c
      join generate_series(0, ${MEMBERS_PER_GROUP - 1}) k on true
      join numbered_users u on u.n = 1 + ((c.n * 7 + k) % ${USERS})`);
  });

  const indexes = (
    await client.query(
      `select indexname, indexdef from pg_indexes where tablename = 'messages' and indexname <> 'messages_pkey'`,
    )
  ).rows;
  for (const index of indexes) await client.query(`drop index ${index.indexname}`);
  const words = `array[${vocabulary.map((word) => `'${word}'`).join(',')}]`;
  await time(`${messageCount.toLocaleString('en')} messages`, async () => {
    const batch = 100_000;
    for (let from = 1; from <= messageCount; from += batch) {
      const to = Math.min(messageCount, from + batch - 1);
      // Chats in turn (so each chat's seq is g / chats), authors from the chat's block of members,
      // times spread over the last year, 1 in 293 messages with a rare word, 1 in 100 deleted.
      await client.query(`
        insert into messages (id, chat_id, seq, author_id, client_id, text, created_at, deleted_at)
        select gen_random_uuid(), c.id, g / ${CHANNELS + GROUPS} + 1, u.id, 'c' || g,
          case when g % 100 = 0 then '' else
            array_to_string(array(
              select (${words})[least(${vocabulary.length}, floor(exp(random() * ln(${vocabulary.length + 1})))::int)]
              from generate_series(1, 4 + (g::bigint * 7919) % 16) w where g > 0
            ), ' ') || case when g % 293 = 0
              then ' ' || (array[${rare.map((word) => `'${word}'`).join(',')}])[1 + (g / 293) % ${rare.length}]
              else '' end
          end,
          now() - (${messageCount} - g) * interval '30 seconds',
          case when g % 100 = 0 then now() end
        from generate_series(${from}, ${to}) g
        join numbered_chats c on c.n = 1 + g % ${CHANNELS + GROUPS}
        join numbered_users u on u.n = 1 + ((c.n * 7 + g % ${MEMBERS_PER_GROUP}) % ${USERS})`);
    }
    await client.query(`
      update chats set last_seq = newest.seq
      from (select chat_id, max(seq) seq from messages group by chat_id) newest
      where newest.chat_id = chats.id`);
  });
  await time('indexes', async () => {
    for (const index of indexes) await client.query(index.indexdef);
  });
  await time('mentions', () =>
    // One message in 50 mentions one of its chat's members.
    client.query(`
      insert into mentions (message_id, chat_id, user_id, kind, seq, created_at)
      select m.id, m.chat_id, cm.user_id, 'user', m.seq, m.created_at
      from messages m
      join lateral (select user_id from chat_members where chat_id = m.chat_id
                    order by user_id limit 1 offset (m.seq % 3)) cm on true
      where m.seq % 50 = 0 and m.deleted_at is null
      on conflict do nothing`),
  );
  await time('vacuum analyze', () => client.query('vacuum analyze'));
}

async function reportSizes(client) {
  const size = await client.query(`
    select pg_size_pretty(pg_total_relation_size('messages')) total,
      pg_size_pretty(pg_relation_size('messages_search_vector')) fts,
      pg_size_pretty(pg_relation_size('messages_text_trgm')) trgm`);
  console.log('messages table with indexes:', size.rows[0]);
}

/** The member of the most groups (and, as a non-guest, a reader of every public channel). */
async function pickSearcher(client) {
  const { rows } = await client.query(`
    select cm.user_id, count(*) chats from chat_members cm join chats c on c.id = cm.chat_id
    where c.kind = 'group' group by cm.user_id order by count(*) desc, cm.user_id limit 1`);
  const userId = rows[0].user_id;
  const readable = await client.query(
    `select count(*)::int n from messages m where m.chat_id in (
       select chat_id from chat_members where user_id = $1 union select id from chats where kind = 'channel')`,
    [userId],
  );
  const author = await client.query(
    `select author_id from messages where chat_id in (select id from chats where kind = 'channel') limit 1`,
  );
  // The first channel by name, `chat 1`, holds only deleted messages (every 1,000th, and every
  // 100th is deleted): a search in it found nothing to rank. The next one holds 1,000 live ones.
  const channel = await client.query(`
    select c.id from chats c
    where c.kind = 'channel' and exists (select 1 from messages m where m.chat_id = c.id and m.deleted_at is null)
    order by c.name limit 1`);
  console.log(
    `searcher: member of ${rows[0].chats} groups; reads ${readable.rows[0].n.toLocaleString('en')} messages`,
  );
  return {
    principal: { userId, sessionId: 'bench', role: 'member', permissions: new Set() },
    authorId: author.rows[0].author_id,
    channelId: channel.rows[0].id,
  };
}

async function measure(service, searcher, postgres) {
  const input = (query) => ({
    q: query.q,
    order: query.order ?? 'relevance',
    limit: 20,
    ...(query.from ? { from: searcher.authorId } : {}),
    ...(query.chat ? { chat: searcher.channelId } : {}),
    ...(query.mentionsMe ? { mentionsMe: 'true' } : {}),
    ...(query.since ? { since: new Date(Date.now() - query.since * 86_400_000).toISOString() } : {}),
  });
  const run = async (query) => {
    let page = await service.messages(searcher.principal, input(query));
    if (query.page === 2 && page.nextCursor) {
      page = await service.messages(searcher.principal, { ...input(query), cursor: page.nextCursor });
    }
    return page;
  };

  for (const query of queries) {
    const page = await run(query); // warm-up, and a check that the query finds what it should
    query.hits = page.items.length;
  }
  const loadBefore = loadavg()[0];
  const all = [];
  const byQuery = new Map(queries.map((query) => [query.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const started = performance.now();
      await run(query);
      const ms = performance.now() - started;
      all.push(ms);
      byQuery.get(query.name).push(ms);
    }
  }
  console.log(`\n${rounds} rounds of ${queries.length} queries, limit 20, one at a time:`);
  console.log('query                          hits   p50 ms   p99 ms   max ms');
  const ms = (value) => value.toFixed(1).padStart(8);
  for (const query of queries) {
    const sorted = byQuery.get(query.name).sort((a, b) => a - b);
    console.log(
      `${query.name.padEnd(30)} ${String(query.hits).padStart(4)} ${ms(percentile(sorted, 50))} ${ms(percentile(sorted, 99))} ${ms(sorted.at(-1))}`,
    );
  }
  all.sort((a, b) => a - b);
  console.log(
    `all ${all.length} searches: p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, max ${all.at(-1).toFixed(1)} ms`,
  );
  // With 20 rounds the p99 of one query is its worst run: on a machine shared with other work, a
  // high load average says the outliers are someone else's.
  console.log(
    `machine: ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.versions.node}, PostgreSQL ${postgres}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`,
  );
}
