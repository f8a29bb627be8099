package health.ward.db;

import static health.ward.db.RecordsDatabases.choose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/** Which PostgreSQL the tests get, with the container-engine probe injected. */
class RecordsDatabaseChoiceTest {

    private static final BooleanSupplier ENGINE = () -> true;
    private static final BooleanSupplier NO_ENGINE = () -> false;

    @Test
    void autoIsTheDefaultAndTakesAContainerWhereAnEngineAnswers() {
        RecordsDatabases.Choice choice = choose(null, null, ENGINE);
        assertThat(choice.kind()).isEqualTo(RecordsDatabases.Kind.TESTCONTAINERS);
        assertThat(choice.line()).isEqualTo("database for tests: Testcontainers postgres:18.1 — a container engine"
                + " answered (ward.test.database=auto from the default)");
    }

    @Test
    void autoTakesEmbeddedPostgresWhereNoEngineAnswers() {
        RecordsDatabases.Choice choice = choose("auto", null, NO_ENGINE);
        assertThat(choice.kind()).isEqualTo(RecordsDatabases.Kind.EMBEDDED);
        assertThat(choice.line()).matches("database for tests: embedded PostgreSQL 18\\.\\d+ \\(zonky\\) — no container"
                + " engine answered \\(ward.test.database=auto from system property ward.test.database\\)");
    }

    @Test
    void embeddedIsForcedWithoutProbingForAnEngine() {
        AtomicInteger probes = new AtomicInteger();
        RecordsDatabases.Choice choice = choose("embedded", null, () -> probes.incrementAndGet() > 0);
        assertThat(choice.kind()).isEqualTo(RecordsDatabases.Kind.EMBEDDED);
        assertThat(choice.reason()).isEqualTo("forced by ward.test.database=embedded from system property ward.test.database");
        assertThat(probes).hasValue(0);
    }

    @Test
    void testcontainersIsForcedWhereAnEngineAnswers() {
        RecordsDatabases.Choice choice = choose("testcontainers", null, ENGINE);
        assertThat(choice.kind()).isEqualTo(RecordsDatabases.Kind.TESTCONTAINERS);
        assertThat(choice.reason()).startsWith("forced by ward.test.database=testcontainers");
    }

    @Test
    void forcingTestcontainersWithoutAnEngineFailsInsteadOfFallingBack() {
        assertThatThrownBy(() -> choose("testcontainers", null, NO_ENGINE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ward.test.database=testcontainers")
                .hasMessageContaining("no container engine answered");
    }

    @Test
    void theEnvironmentVariableCountsWhenThePropertyIsUnsetOrEmpty() {
        assertThat(choose(null, "embedded", ENGINE).reason())
                .isEqualTo("forced by ward.test.database=embedded from environment variable WARD_TEST_DATABASE");
        // Maven passes an empty property when -Dward.test.database is not given.
        assertThat(choose("", " Embedded ", ENGINE).kind()).isEqualTo(RecordsDatabases.Kind.EMBEDDED);
        assertThat(choose("testcontainers", "embedded", ENGINE).kind()).isEqualTo(RecordsDatabases.Kind.TESTCONTAINERS);
    }

    @Test
    void anUnknownValueIsAnErrorNamingTheAllowedOnes() {
        assertThatThrownBy(() -> choose("docker", null, ENGINE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ward.test.database must be auto, embedded or testcontainers, not 'docker'"
                        + " (system property ward.test.database)");
    }

    /**
     * The real probe on this machine. Where no engine answers (the development machines), forcing
     * Testcontainers must fail with the clear message; where one answers (CI's test-testcontainers job),
     * it must choose the container. Either way something is asserted; the branch taken is printed.
     */
    @Test
    void forcingTestcontainersWithTheRealProbeFailsClearlyWhereNoEngineAnswers() {
        if (RecordsDatabases.engineAnswers(true)) {
            System.out.println("container engine answered: checked that forcing testcontainers chooses it");
            assertThat(choose("testcontainers", null, () -> RecordsDatabases.engineAnswers(true)).kind())
                    .isEqualTo(RecordsDatabases.Kind.TESTCONTAINERS);
            return;
        }
        System.out.println("no container engine answered: checked that forcing testcontainers fails");
        assertThatThrownBy(() -> choose("testcontainers", null, () -> RecordsDatabases.engineAnswers(true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ward.test.database=testcontainers from system property ward.test.database forces"
                        + " Testcontainers, but no container engine answered Testcontainers' probe. Start one"
                        + " (e.g. Docker), or set ward.test.database to auto or embedded.");
    }
}
