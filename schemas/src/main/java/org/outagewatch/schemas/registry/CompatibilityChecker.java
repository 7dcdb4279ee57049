package org.outagewatch.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Checks a candidate schema against a subject's earlier versions with Avro's own compatibility checker. */
public final class CompatibilityChecker {
    private CompatibilityChecker() {
    }

    /**
     * The reasons the candidate breaks the level, empty when it is compatible.
     *
     * @param earlier the subject's versions, oldest first
     */
    public static List<String> problems(final CompatibilityLevel level, final Schema candidate, final List<Schema> earlier) {
        final List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return problems;
        }
        final List<Schema> against = level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (final Schema old : against) {
            if (level.checksBackward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "reading data written with an earlier schema", problems);
            }
            if (level.checksForward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "an earlier schema reading data written with this one", problems);
            }
        }
        return problems;
    }

    private static void describe(final SchemaPairCompatibility result, final String direction, final List<String> problems) {
        for (final Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + " (" + incompatibility.getMessage() + ")");
        }
    }
}
