package io.switchboard.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.switchboard.devstack.TestTokens;

/**
 * How fast a user in 100 chats searches 1,000,000 messages: chat-service's built jar on real
 * PostgreSQL, the messages written straight into its tables (the generated search column and
 * its GIN index as the migrations define them), then one-word queries through
 * {@code GET /api/messages/search}, timed from outside over HTTP.
 *
 * <p>The text: 8 words per message drawn from 600 English and Russian words plus 3,000 rarer
 * made-up ones, skewed so that a few words are in most messages and the tail in very few (word
 * i is drawn with probability falling as i grows: index = n * u³ for uniform u). Queries are of
 * three kinds: the 8 commonest words (each in 5% to 40% of all messages), middling ones (about
 * 0.4% each) and rare ones (under 0.1% each).
 *
 * <p>Run: {@code ./switchboard bench search} (system properties {@code messages}, default
 * 1,000,000; {@code chats}, default 10,000; {@code queries} per kind, default 300).
 */
public final class SearchBenchmark {

    private static final Pattern RESULTS = Pattern.compile("\"message\":");

    private static final String[] ENGLISH = ("""
            deploy release build test review merge branch commit issue ticket meeting lunch coffee team project
            design server client database query index cache queue message chat group call video screen share
            update change fix bug error crash report metric alert page night morning today tomorrow yesterday
            week month plan goal sprint demo customer user account password login token session price order
            invoice payment refund delivery shipping address phone email document file folder image photo
            picture draft final version backup restore migrate upgrade install config setting option network
            latency throughput memory disk storage cloud cluster node pod container service endpoint api
            schema table column row record event stream topic partition offset consumer producer broker
            question answer idea note reminder deadline schedule calendar holiday vacation weekend travel
            flight hotel train ticket budget cost invoice contract offer proposal launch campaign market
            growth revenue sales lead partner support help docs guide tutorial example sample template
            running walking talking thinking writing reading building testing shipping fixing planning
            happy great awesome thanks please sorry late early soon later ready done blocked waiting
            """).trim().split("\\s+");
    private static final String[] RUSSIAN = ("""
            сообщение сообщения сообщений релиз сборка тест проверка ветка коммит задача встреча обед кофе
            команда проект дизайн сервер клиент база запрос индекс кэш очередь чат группа звонок видео экран
            обновление изменение исправление ошибка сбой отчёт метрика тревога страница ночь утро сегодня
            завтра вчера неделя месяц план цель спринт демо заказчик пользователь аккаунт пароль вход токен
            сессия цена заказ счёт оплата возврат доставка адрес телефон почта документ файл папка картинка
            фото черновик версия копия восстановление миграция установка настройка сеть задержка память диск
            хранилище облако кластер узел контейнер сервис схема таблица столбец строка запись событие поток
            вопрос ответ идея заметка напоминание срок расписание календарь праздник отпуск выходные поездка
            рейс гостиница поезд бюджет стоимость договор предложение запуск кампания рынок рост выручка
            продажи партнёр поддержка помощь документация пример шаблон спасибо пожалуйста извините поздно
            рано скоро позже готово сделано заблокировано ждём отлично хорошо плохо быстро медленно
            """).trim().split("\\s+");
    private static final int TAIL = 3_000;

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int messages = Integer.getInteger("messages", 1_000_000);
        int chats = Integer.getInteger("chats", 10_000);
        int queries = Integer.getInteger("queries", 300);
        var words = vocabulary();
        try (var stack = Bench.devStack("chat"); var directory = StubDirectory.start()) {
            var e = stack.endpoints();
            var logs = Files.createTempDirectory("search-bench");
            try (var chat = Bench.startChat(root, e, directory, logs);
                 var db = DriverManager.getConnection(e.jdbcUrl("chat"), e.postgresUser(), e.postgresPassword())) {
                var reader = UUID.randomUUID();
                System.out.printf("search benchmark: %d cores, %,d messages in %,d chats, the reader in 100 of them%n",
                        Runtime.getRuntime().availableProcessors(), messages, chats);
                long t0 = System.nanoTime();
                load(db, words, reader, messages, chats);
                System.out.printf("loaded in %.0f s (vectors and index built by PostgreSQL)%n",
                        (System.nanoTime() - t0) / 1e9);
                var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                var kinds = List.of(
                        new Kind("common", words.subList(0, 8)),
                        new Kind("middling", words.subList(300, 340)),
                        new Kind("rare", words.subList(words.size() - 400, words.size())));
                for (var kind : kinds) { // warm-up: compiled code, buffers, plans
                    run(http, chat.baseUrl(), TestTokens.get().token(reader, "reader"), kind, queries / 2);
                }
                System.out.println("kind      queries  p50 ms  p99 ms  max ms  hits per query (mean, of 20 at most)  slowest");
                for (var kind : kinds) {
                    var result = run(http, chat.baseUrl(), TestTokens.get().token(reader, "reader"), kind, queries);
                    System.out.printf("%-9s %7d %7.1f %7.1f %7.1f  %-39.1f %s%n", kind.name(), queries,
                            Bench.quantile(result.micros(), 0.50) / 1000, Bench.quantile(result.micros(), 0.99) / 1000,
                            Bench.quantile(result.micros(), 1.0) / 1000, result.meanHits(), result.slowestWord());
                }
                explain(db, reader, words.get(300));
            }
        }
    }

    private record Kind(String name, List<String> words) {
    }

    private record Result(long[] micros, double meanHits, String slowestWord) {
    }

    private static Result run(HttpClient http, String baseUrl, String token, Kind kind, int queries) throws Exception {
        var micros = new long[queries];
        long hits = 0;
        String slowest = null;
        long slowestMicros = -1;
        for (int i = 0; i < queries; i++) {
            var word = kind.words().get(i % kind.words().size());
            var request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/messages/search?q="
                            + URLEncoder.encode(word, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token).GET().build();
            long start = System.nanoTime();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            micros[i] = (System.nanoTime() - start) / 1_000;
            if (micros[i] > slowestMicros) {
                slowestMicros = micros[i];
                slowest = word;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("search answered " + response.statusCode() + ": " + response.body());
            }
            hits += RESULTS.matcher(response.body()).results().count();
        }
        return new Result(micros, (double) hits / queries, slowest);
    }

    /** The words, most common first: English and Russian mixed, then the made-up tail. */
    private static List<String> vocabulary() {
        var words = new ArrayList<String>();
        int n = Math.max(ENGLISH.length, RUSSIAN.length);
        for (int i = 0; i < n; i++) {
            if (i < ENGLISH.length) {
                words.add(ENGLISH[i]);
            }
            if (i < RUSSIAN.length) {
                words.add(RUSSIAN[i]);
            }
        }
        for (int i = 0; i < TAIL; i++) {
            words.add("zx" + Integer.toString(i * 7919 % 100_000, 36) + "q");
        }
        return words;
    }

    /**
     * Chats of two members each, the reader added to 100 of them, and the messages: all in SQL,
     * with the search index dropped during the load and built again after it (as a restore would).
     */
    private static void load(Connection db, List<String> words, UUID reader, int messages, int chats)
            throws SQLException {
        db.setAutoCommit(true);
        try (var s = db.createStatement()) {
            s.execute("DROP INDEX messages_search_idx");
            s.execute("CREATE TEMP TABLE bench_chats AS SELECT gen_random_uuid() AS id, g AS n FROM generate_series(1, "
                    + chats + ") g");
            s.execute("""
                    INSERT INTO chats (id, type, title, owner_id, last_seq, created_at, updated_at, last_activity_at)
                    SELECT id, 'group', 'chat ' || n, gen_random_uuid(), %d, now(), now(), now() FROM bench_chats
                    """.formatted(messages / chats));
            s.execute("""
                    INSERT INTO chat_members (chat_id, user_id, role, joined_at)
                    SELECT id, gen_random_uuid(), 'owner', now() FROM bench_chats
                    """);
            s.execute("""
                    INSERT INTO chat_members (chat_id, user_id, role, joined_at)
                    SELECT id, '%s', 'member', now() FROM bench_chats WHERE n %% %d = 0 LIMIT 100
                    """.formatted(reader, Math.max(1, chats / 100)));
        }
        var word = "v.a[1 + floor(%d * power(random(), 3))::int]".formatted(words.size());
        try (var insert = db.prepareStatement("""
                WITH v AS (SELECT ?::text[] AS a)
                INSERT INTO messages (id, chat_id, seq, sender_id, content, message_type, created_at)
                SELECT gen_random_uuid(), c.id, g.seq, gen_random_uuid(), concat_ws(' ', %s), 'text',
                       now() - make_interval(secs => g.seq)
                  FROM v, bench_chats c, generate_series(1, %d) AS g(seq)
                """.formatted(String.join(", ", java.util.Collections.nCopies(8, word)), messages / chats))) {
            insert.setArray(1, db.createArrayOf("text", words.toArray()));
            insert.executeUpdate();
        }
        try (var s = db.createStatement()) {
            s.execute("CREATE INDEX messages_search_idx ON messages USING gin (search)");
            s.execute("ANALYZE messages");
            s.execute("ANALYZE chat_members");
        }
    }

    /**
     * How PostgreSQL answers a middling word for the reader, as chat-service asks for a word in
     * fewer messages than the reader's chats hold (the plan printed after the figures).
     */
    private static void explain(Connection db, UUID reader, String word) throws SQLException {
        try (var s = db.prepareStatement("""
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                SELECT m.id, ts_rank(m.search, websearch_to_tsquery('russian', ?)) AS rank
                  FROM messages m
                 WHERE m.search @@ websearch_to_tsquery('russian', ?) AND m.deleted_at IS NULL
                   AND m.chat_id = ANY (?)
                 ORDER BY rank DESC, m.id DESC LIMIT 21""")) {
            s.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            s.setString(1, word);
            s.setString(2, word);
            s.setArray(3, db.createArrayOf("uuid", chatsOf(db, reader).toArray()));
            System.out.println("plan for the middling word '" + word + "':");
            try (var rows = s.executeQuery()) {
                while (rows.next()) {
                    System.out.println("  " + rows.getString(1));
                }
            }
        }
    }

    private static List<UUID> chatsOf(Connection db, UUID reader) throws SQLException {
        try (var s = db.prepareStatement("SELECT chat_id FROM chat_members WHERE user_id = ?")) {
            s.setObject(1, reader);
            try (var rows = s.executeQuery()) {
                var chats = new ArrayList<UUID>();
                while (rows.next()) {
                    chats.add(rows.getObject(1, UUID.class));
                }
                return chats;
            }
        }
    }
}
