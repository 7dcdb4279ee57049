package org.outagewatch.ingest.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.bgp.AsciiBuffer;
import org.outagewatch.ingest.bgp.BgpElementReader;
import org.outagewatch.ingest.bgp.BgpdumpFormat;
import org.outagewatch.ingest.bgp.MrtFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ingest bgp dump FILE...}: prints the elements of MRT files (gzip, bzip2 or plain) in {@code bgpdump -m}'s
 * one-line format on stdout. A bad record is logged and skipped; a truncated or corrupt file prints one line on
 * stderr with the byte offset after every element before it, the other files are still read, and the exit code is
 * {@link CliErrors#FAILURE}. {@code --output FILE} writes ASCII bytes to a file instead;
 * {@code --stats} prints elements and elements/s on stderr; {@code --no-output} parses without printing (to measure
 * the parser); {@code --warm-up N} reads every file N times before the real pass (to measure the warm rate).
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print MRT files (gzip, bzip2 or plain) as bgpdump -m lines.")
public final class BgpDumpCommand implements Callable<Integer> {
    private static final int FLUSH_CHARS = 1 << 16;
    private static final int OUTPUT_BUFFER = 1 << 20;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "MRT files.")
    private List<Path> files;

    @Option(names = "--stats", description = "Print elements, records and elements/s per file on stderr.")
    private boolean stats;

    @Option(names = "--no-output", description = "Parse and format without printing (measures the parser).")
    private boolean noOutput;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the lines to FILE (as ASCII bytes through a 1 MiB buffer) instead of stdout.")
    private Path output;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "0",
            description = "Parse and format every file N times without printing before the real pass (benchmarks: "
                    + "the --stats of the real pass then show the warm rate).")
    private int warmUps;

    /** Runs the command alone (the benchmark uses this; the CLI reaches it as {@code ingest bgp dump}). */
    public static void main(final String[] args) {
        System.exit(CliErrors.install(new CommandLine(new BgpDumpCommand())).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        for (final Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such file");
            }
        }
        final PrintWriter err = spec.commandLine().getErr();
        if (output != null) {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(output), OUTPUT_BUFFER)) {
                return dump(err, new Sink(null, file));
            }
        }
        return dump(err, new Sink(spec.commandLine().getOut(), null));
    }

    private int dump(final PrintWriter err, final Sink out) throws IOException {
        if (warmUps < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warm-up must be 0 or more");
        }
        for (int i = 0; i < warmUps; i++) {
            warmUp();
        }
        int exit = 0;
        long totalElements = 0;
        final long totalStart = System.nanoTime();
        try {
            for (final Path file : files) {
                final long start = System.nanoTime();
                final AsciiBuffer buffer = new AsciiBuffer(FLUSH_CHARS * 2);
                try (BgpElementReader reader = BgpElementReader.open(file)) {
                    boolean more = true;
                    while (more) {
                        try {
                            more = reader.next(element -> {
                                BgpdumpFormat.append(element, buffer);
                                buffer.append('\n');
                            });
                        } catch (MrtFormatException e) {
                            if (!e.recoverable()) {
                                throw e;
                            }
                            Log.LOG.warn("Skipping record: {}. file=[{}]", e.getMessage(), file);
                        }
                        if (buffer.length() >= FLUSH_CHARS) {
                            flush(buffer, out);
                        }
                    }
                    flush(buffer, out);
                    totalElements += reader.elements();
                    if (stats) {
                        printStats(err, file.toString(), reader.elements(), reader.records(), System.nanoTime() - start);
                    }
                } catch (MrtFormatException e) {
                    flush(buffer, out);
                    out.flush();
                    err.println(spec.qualifiedName() + ": " + file + ": " + e.getMessage());
                    err.flush();
                    exit = CliErrors.FAILURE;
                }
            }
        } finally {
            out.flush();
        }
        if (stats && files.size() > 1) {
            printStats(err, "total", totalElements, -1, System.nanoTime() - totalStart);
        }
        return exit;
    }

    private void warmUp() throws IOException {
        final AsciiBuffer buffer = new AsciiBuffer(FLUSH_CHARS * 2);
        for (final Path file : files) {
            try (BgpElementReader reader = BgpElementReader.open(file)) {
                boolean more = true;
                while (more) {
                    try {
                        more = reader.next(element -> {
                            BgpdumpFormat.append(element, buffer);
                            buffer.append('\n');
                        });
                    } catch (MrtFormatException e) {
                        more = e.recoverable();
                    }
                    if (buffer.length() >= FLUSH_CHARS) {
                        buffer.clear();
                    }
                }
            }
        }
    }

    private void flush(final AsciiBuffer buffer, final Sink out) throws IOException {
        if (!noOutput) {
            out.write(buffer);
        }
        buffer.clear();
    }

    /**
     * The logger, made on first use: a clean dump logs nothing, and setting up the logging backend (about 0.2 s) is a
     * fifth of a one-file run.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(BgpDumpCommand.class);
    }

    /** Where the lines go: the command line's writer, or the bytes of a file. */
    private record Sink(Writer writer, OutputStream stream) {
        void write(final AsciiBuffer buffer) throws IOException {
            if (stream != null) {
                buffer.writeTo(stream);
            } else {
                buffer.writeTo(writer);
            }
        }

        void flush() throws IOException {
            if (stream != null) {
                stream.flush();
            } else {
                writer.flush();
            }
        }
    }

    private static void printStats(final PrintWriter err, final String name, final long elements, final long records,
                                   final long nanos) {
        final double seconds = Math.max(1e-9, nanos / 1e9);
        err.printf(Locale.ROOT, "%s: %,d elements%s in %.3f s (%,.0f elements/s)%n", name, elements,
                records >= 0 ? String.format(Locale.ROOT, ", %,d records", records) : "", seconds, elements / seconds);
        err.flush();
    }
}
