package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStartTicksTest {
    @Test
    void shouldReadTheStartTicksOfAStatLineWhoseCommandHoldsSpacesAndParentheses() {
        final String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 30 0 7259569 123 45";

        assertThat(ProcessStartTicks.parse(stat)).hasValue(7_259_569);
        assertThat(ProcessStartTicks.parse("4242 (short) S 1")).isEmpty();
        assertThat(ProcessStartTicks.parse("")).isEmpty();
    }

    @Test
    void shouldReadTheStartTicksOfALiveProcess() {
        assertThat(ProcessStartTicks.of(ProcessHandle.current().pid())).isPresent();
        assertThat(ProcessStartTicks.of(Long.MAX_VALUE)).isEmpty();
    }
}
