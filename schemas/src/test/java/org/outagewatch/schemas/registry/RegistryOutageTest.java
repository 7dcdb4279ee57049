package org.outagewatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryOutageTest {
    private static final SchemaRegistryException REFUSED = new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, 0,
            "Cannot reach the schema registry at http://127.0.0.1:1: ConnectException");

    @Test
    void shouldRetryAnUnreachableRegistryUntilItAnswers() {
        final RegistryOutage outage = new RegistryOutage("http://127.0.0.1:1", Clock.systemUTC());
        final AtomicInteger calls = new AtomicInteger();
        final String answer = outage.call(() -> {
            if (calls.incrementAndGet() < 3) {
                assertThat(outage.ongoing()).isEqualTo(calls.get() > 1);
                throw REFUSED;
            }
            assertThat(outage.ongoing()).isTrue();
            return "ok";
        }, Duration.ofSeconds(30));
        assertThat(answer).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(outage.ongoing()).as("the outage is over once a call got through").isFalse();
    }

    @Test
    void shouldGiveUpAfterTheRetryBudget() {
        final MutableClock clock = new MutableClock();
        final List<Long> pauses = new ArrayList<>();
        final RegistryOutage outage = new RegistryOutage("http://127.0.0.1:1", clock, millis -> {
            pauses.add(millis);
            clock.advance(millis);
        });
        final AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> outage.call(() -> {
            calls.incrementAndGet();
            throw REFUSED;
        }, Duration.ofMillis(600))).isSameAs(REFUSED);
        assertThat(pauses).as("250 ms, then what is left of the budget").containsExactly(250L, 350L);
        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldWaitOutASliverOfBudgetInsteadOfSpinningOnIt() {
        final MutableClock clock = new MutableClock();
        final List<Long> pauses = new ArrayList<>();
        final RegistryOutage outage = new RegistryOutage("http://127.0.0.1:1", clock, millis -> {
            pauses.add(millis);
            clock.advanceNanos(millis == 250 ? 250_000_000L - 300_000L : millis * 1_000_000L);
        });
        final AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> outage.call(() -> {
            calls.incrementAndGet();
            throw REFUSED;
        }, Duration.ofMillis(250))).isSameAs(REFUSED);
        assertThat(pauses).as("a wait that ended 0.3 ms early leaves 0.3 ms: one more wait of 1 ms, not a spin")
                .containsExactly(250L, 1L);
        assertThat(calls).hasValue(3);
    }

    /** A clock that moves only when told. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2024-03-05T12:00:00Z");

        void advance(final long millis) {
            now = now.plusMillis(millis);
        }

        void advanceNanos(final long nanos) {
            now = now.plusNanos(nanos);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldNotRetryAnAnswerOfTheRegistry() {
        final RegistryOutage outage = new RegistryOutage("http://127.0.0.1:1", Clock.systemUTC());
        final AtomicInteger calls = new AtomicInteger();
        final SchemaRegistryException notFound = new SchemaRegistryException(SchemaRegistryException.SUBJECT_NOT_FOUND, 404, "Subject not found");
        assertThatThrownBy(() -> outage.call(() -> {
            calls.incrementAndGet();
            throw notFound;
        }, Duration.ofSeconds(30))).isSameAs(notFound);
        assertThat(calls).hasValue(1);
        assertThat(outage.ongoing()).isFalse();
    }

    @Test
    void shouldReadTheRetryBudgetFromTheSettings() {
        assertThat(RegistryOutage.retryFor(Map.of())).isEqualTo(Duration.ofMillis(RegistryOutage.DEFAULT_RETRY_MS));
        assertThat(RegistryOutage.retryFor(Map.of(RegistryOutage.RETRY_MS, "0"))).isZero();
        assertThatThrownBy(() -> RegistryOutage.retryFor(Map.of(RegistryOutage.RETRY_MS, "soon")))
                .hasMessageContaining(RegistryOutage.RETRY_MS);
    }
}
