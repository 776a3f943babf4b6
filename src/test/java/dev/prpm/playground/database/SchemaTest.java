package dev.prpm.playground.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prpm.playground.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class SchemaTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void migrationsCreateTheWholeModelOnAnEmptyDatabase() {
        List<String> tables = jdbc.sql("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'""")
            .query(String.class)
            .list();
        assertThat(tables).contains("users", "organizations", "org_memberships", "packages", "package_versions",
                "sessions", "session_shares", "usage", "usage_archive", "credit_accounts", "credit_transactions",
                "credit_reservations", "purchases", "subscriptions", "stripe_events", "idempotency_keys",
                "playground_jobs", "scheduled_tasks");
        assertThat(jdbc.sql("SELECT version() LIKE 'PostgreSQL 17%'").query(Boolean.class).single()).isTrue();
    }

    @Test
    void usagePartitionsAreCreatedOnDemandAndRowsLandInThem() {
        String name = jdbc.sql("SELECT create_usage_partition(DATE '2031-02-14')").query(String.class).single();
        String again = jdbc.sql("SELECT create_usage_partition(DATE '2031-02-01')").query(String.class).single();
        jdbc.sql("""
                INSERT INTO usage (id, user_id, model, provider, created_at)
                VALUES (:id, :user, 'sonnet', 'demo', TIMESTAMPTZ '2031-02-20 10:00:00+00')""")
            .param("id", UUID.randomUUID())
            .param("user", UUID.randomUUID())
            .update();
        long inPartition = jdbc.sql("SELECT count(*) FROM usage_2031_02").query(Long.class).single();
        assertThat(name).isEqualTo("usage_2031_02");
        assertThat(again).isEqualTo(name);
        assertThat(inPartition).isEqualTo(1);
        assertThat(jdbc.sql("SELECT ensure_usage_partitions(2)").query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void bucketsCannotGoNegativeAndTheLedgerIsAppendOnly() {
        UUID user = UUID.randomUUID();
        jdbc.sql("INSERT INTO users (id, email, password_hash) VALUES (:id, :email, 'x')")
            .param("id", user)
            .param("email", user + "@example.com")
            .update();
        jdbc.sql("INSERT INTO credit_accounts (user_id) VALUES (:id)").param("id", user).update();
        assertThatThrownBy(() -> jdbc.sql("UPDATE credit_accounts SET monthly = -1 WHERE user_id = :id")
            .param("id", user)
            .update()).isInstanceOf(DataAccessException.class);

        jdbc.sql("""
                INSERT INTO credit_transactions (user_id, type, amount, delta_purchased, balance_after)
                VALUES (:id, 'adjustment', 3, 3, 3)""").param("id", user).update();
        // keep the account equal to its ledger: the shared database is audited
        // (LedgerAudit)
        jdbc.sql("UPDATE credit_accounts SET purchased = 3 WHERE user_id = :id").param("id", user).update();
        assertThatThrownBy(() -> jdbc.sql("UPDATE credit_transactions SET amount = 100 WHERE user_id = :id")
            .param("id", user)
            .update()).hasMessageContaining("append-only");
        assertThatThrownBy(
                () -> jdbc.sql("DELETE FROM credit_transactions WHERE user_id = :id").param("id", user).update())
            .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO credit_transactions (user_id, type, amount, delta_purchased, balance_after)
                VALUES (:id, 'gift', 1, 1, 4)""").param("id", user).update()).isInstanceOf(DataAccessException.class);
    }

    @Test
    void updatedAtIsMaintainedByTrigger() {
        UUID user = UUID.randomUUID();
        jdbc.sql(
                "INSERT INTO users (id, email, password_hash, updated_at) VALUES (:id, :email, 'x', now() - interval '1 day')")
            .param("id", user)
            .param("email", user + "@example.com")
            .update();
        jdbc.sql("UPDATE users SET display_name = 'x' WHERE id = :id").param("id", user).update();
        assertThat(jdbc.sql("SELECT updated_at > now() - interval '1 minute' FROM users WHERE id = :id")
            .param("id", user)
            .query(Boolean.class)
            .single()).isTrue();
    }

}
