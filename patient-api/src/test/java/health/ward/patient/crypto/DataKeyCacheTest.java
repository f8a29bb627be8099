package health.ward.patient.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class DataKeyCacheTest {

    private static final SecretKey KEY = new SecretKeySpec(new byte[32], "AES");

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void secondReadWithinTtlDoesNotUnwrapAgain() {
        AtomicInteger unwraps = new AtomicInteger();
        DataKeyCache cache = new DataKeyCache(10, Duration.ofMinutes(5), new TestClock());
        cache.get("vault:v1:a", () -> { unwraps.incrementAndGet(); return KEY; });
        cache.get("vault:v1:a", () -> { unwraps.incrementAndGet(); return KEY; });
        assertThat(unwraps).hasValue(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void anExpiredKeyIsUnwrappedAgain() {
        AtomicInteger unwraps = new AtomicInteger();
        TestClock clock = new TestClock();
        DataKeyCache cache = new DataKeyCache(10, Duration.ofMinutes(5), clock);
        cache.get("vault:v1:a", () -> { unwraps.incrementAndGet(); return KEY; });
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        cache.get("vault:v1:a", () -> { unwraps.incrementAndGet(); return KEY; });
        assertThat(unwraps).hasValue(2);
    }

    @Test
    void theLeastRecentlyUsedKeyIsDroppedBeyondTheBound() {
        DataKeyCache cache = new DataKeyCache(2, Duration.ofMinutes(5), new TestClock());
        cache.get("a", () -> KEY);
        cache.get("b", () -> KEY);
        cache.get("a", () -> KEY);
        cache.get("c", () -> KEY);
        assertThat(cache.size()).isEqualTo(2);
        AtomicInteger unwraps = new AtomicInteger();
        cache.get("b", () -> { unwraps.incrementAndGet(); return KEY; });
        assertThat(unwraps).as("b was least recently used and evicted").hasValue(1);
    }

    @Test
    void aFailedUnwrapCachesNothing() {
        DataKeyCache cache = new DataKeyCache(2, Duration.ofMinutes(5), new TestClock());
        try {
            cache.get("a", () -> { throw new KeyServiceUnavailableException("test", null); });
        } catch (KeyServiceUnavailableException expected) {
            // the caller sees the outage
        }
        assertThat(cache.size()).isZero();
    }
}
