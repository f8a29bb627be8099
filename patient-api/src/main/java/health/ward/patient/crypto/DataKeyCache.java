package health.ward.patient.crypto;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.crypto.SecretKey;

/**
 * Unwrapped data keys, bounded in number (least recently used goes first) and in age (TTL), so a
 * read does not cost a Transit call every time, yet a key that Vault stops unwrapping (outage,
 * crypto-shredding) stops being usable here within the TTL. Hits and misses are counted for metrics.
 */
public final class DataKeyCache {

    private record Entry(SecretKey key, Instant expires) {
    }

    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries;
    private long hits;
    private long misses;

    public DataKeyCache(int maxEntries, Duration ttl, Clock clock) {
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > DataKeyCache.this.maxEntries;
            }
        };
    }

    /** The cached key for {@code wrapped}, or the one {@code unwrap} returns (then cached). */
    public SecretKey get(String wrapped, Supplier<SecretKey> unwrap) {
        Instant now = clock.instant();
        synchronized (this) {
            Entry entry = entries.get(wrapped);
            if (entry != null && entry.expires().isAfter(now)) {
                hits++;
                return entry.key();
            }
            entries.remove(wrapped);
            misses++;
        }
        // Unwrap outside the lock: a slow Transit call must not stall every other reader.
        SecretKey key = unwrap.get();
        synchronized (this) {
            entries.put(wrapped, new Entry(key, now.plus(ttl)));
        }
        return key;
    }

    public synchronized void put(String wrapped, SecretKey key) {
        entries.put(wrapped, new Entry(key, clock.instant().plus(ttl)));
    }

    public synchronized void invalidate(String wrapped) {
        entries.remove(wrapped);
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
