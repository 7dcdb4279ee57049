package org.outagewatch.deploy.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TerminalTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String ERASE = "\r\u001b[2K";

    private final StringWriter written = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void shouldRedrawTheStatusInPlaceAndKeepItBelowPrintedLines() {
        final Terminal terminal = new Terminal(new PrintWriter(written), true, 10 * SECOND, nanos::get);

        terminal.status("status 1");
        terminal.status("status 2");
        terminal.println("an alert");
        terminal.endStatus();

        assertThat(written.toString()).isEqualTo(ERASE + "status 1" + ERASE + "status 2" + ERASE + "an alert"
                + System.lineSeparator() + "status 2" + System.lineSeparator());
    }

    @Test
    void shouldPrintTheStatusAsALineEveryTenSecondsWithoutATerminal() {
        final Terminal terminal = new Terminal(new PrintWriter(written), false, 10 * SECOND, nanos::get);

        for (int second = 0; second <= 25; second++) {
            nanos.set(second * SECOND);
            terminal.status("at " + second);
        }
        terminal.println("an alert");
        terminal.endStatus();

        assertThat(written.toString().split(System.lineSeparator())).containsExactly("at 0", "at 10", "at 20", "an alert");
    }
}
