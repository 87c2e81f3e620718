package io.vigil.alert.repository;

import java.util.List;
import java.util.function.Function;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Many rows in one INSERT: one round trip instead of one per row (Hibernate cannot batch inserts whose ids the
 * database generates). Rows are written in list order, so ids from a sequence follow it.
 */
final class MultiRowInsert {

    /** Rows per statement: few enough parameters for PostgreSQL (at most 65,535) and a modest statement. */
    private static final int ROWS_PER_STATEMENT = 1000;

    private MultiRowInsert() {
    }

    /**
     * @param columns the columns written
     * @param placeholders per column, how its value is written: {@code %s} for the parameter, e.g.
     *        {@code CAST(CAST(%s AS text) AS jsonb)} for a JSON text
     * @param values a row's values, in column order
     */
    static <T> Uni<Void> insert(Uni<Mutiny.Session> session, String table, List<String> columns,
            List<String> placeholders, List<T> rows, Function<T, Object[]> values) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<T> first = rows.subList(0, Math.min(rows.size(), ROWS_PER_STATEMENT));
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(String.join(", ", columns)).append(") VALUES ");
        for (int row = 0; row < first.size(); row++) {
            sql.append(row == 0 ? "(" : ", (");
            for (int column = 0; column < columns.size(); column++) {
                sql.append(column == 0 ? "" : ", ").append(placeholders.get(column).formatted(":p" + row + "_" + column));
            }
            sql.append(')');
        }
        return session.chain(s -> {
            var insert = s.createNativeQuery(sql.toString());
            for (int row = 0; row < first.size(); row++) {
                Object[] value = values.apply(first.get(row));
                for (int column = 0; column < columns.size(); column++) {
                    insert.setParameter("p" + row + "_" + column, value[column]);
                }
            }
            return insert.executeUpdate();
        }).chain(() -> insert(session, table, columns, placeholders, rows.subList(first.size(), rows.size()),
                values));
    }
}
