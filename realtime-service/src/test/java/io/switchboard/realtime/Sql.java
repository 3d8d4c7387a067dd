package io.switchboard.realtime;

import javax.sql.DataSource;

/** Plain SQL on the realtime database, for tests that stage the cluster directory by hand. */
record Sql(DataSource db) {

    void execute(String sql) throws Exception {
        try (var connection = db.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long count(String sql) throws Exception {
        try (var connection = db.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
