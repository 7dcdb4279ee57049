package org.outagewatch.detector.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A record written with another version of a generated type's schema, as a producer built with that version would
 * write it: the fields it shares with the generated record {@code base} (by position, with their logical-type
 * conversions), then the fields of the other version.
 */
public final class EvolvedRecord extends SpecificRecordBase {
    private final Schema schema;
    private final SpecificRecordBase base;
    private final Object[] values;

    private EvolvedRecord(final Schema schema, final SpecificRecordBase base, final Object[] values) {
        this.schema = schema;
        this.base = base;
        this.values = values;
    }

    /**
     * {@code base}'s schema with {@code added} fields appended (their defaults as given), holding base's values and
     * {@code addedValues}.
     */
    public static EvolvedRecord withFields(final SpecificRecordBase base, final List<Schema.Field> added,
                                           final Object... addedValues) {
        final Schema old = base.getSchema();
        final List<Schema.Field> fields = new ArrayList<>();
        for (final Schema.Field f : old.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        for (final Schema.Field f : added) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        final Schema schema = Schema.createRecord(old.getName(), old.getDoc(), old.getNamespace(), false, fields);
        final Object[] values = new Object[fields.size()];
        for (int i = 0; i < old.getFields().size(); i++) {
            values[i] = base.get(i);
        }
        System.arraycopy(addedValues, 0, values, old.getFields().size(), addedValues.length);
        return new EvolvedRecord(schema, base, values);
    }

    @Override
    public Schema getSchema() {
        return schema;
    }

    @Override
    public Object get(final int field) {
        return values[field];
    }

    @Override
    public void put(final int field, final Object value) {
        values[field] = value;
    }

    @Override
    public Conversion<?> getConversion(final int field) {
        return field < base.getSchema().getFields().size() ? base.getConversion(field) : null;
    }
}
