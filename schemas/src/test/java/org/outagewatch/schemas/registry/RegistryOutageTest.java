package org.outagewatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
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
        final RegistryOutage outage = new RegistryOutage("http://127.0.0.1:1", Clock.systemUTC());
        final AtomicInteger calls = new AtomicInteger();
        final long start = System.nanoTime();
        assertThatThrownBy(() -> outage.call(() -> {
            calls.incrementAndGet();
            throw REFUSED;
        }, Duration.ofMillis(600))).isSameAs(REFUSED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(600), Duration.ofSeconds(5));
        // after 250 ms, then after what is left of the budget; a sleep that ends a millisecond early leaves a sliver
        // of budget for one more attempt, so up to 4
        assertThat(calls.get()).as("after 250 ms, then after what is left").isBetween(2, 4);
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
